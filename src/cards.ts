import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pMap from "p-map";
import sharp from "sharp";
import type { Reporter } from "./diagnostics.ts";
import { pruneFolder } from "./reuse.ts";
import { CARD_FOLDER } from "./routes.ts";

/** Card file names: a hash of everything drawn on the card. Only these are pruned or reused. */
export const CARD_NAME = /^[0-9a-f]{16}\.png$/;
/** The size Open Graph and Twitter's large card show best. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What a post's card shows. */
export interface CardText {
  site: string;
  title: string;
  date: string;
  tags: string[];
  /** The site's accent colour, the card's background (white text: the accent is dark enough for links). */
  accent?: string;
}

/** A post's card: the file it goes to, and what it shows. */
export interface Card {
  name: string;
  text: CardText;
  /** The post, for a diagnostic if the card cannot be drawn. */
  file: string;
}

// Inter (SIL Open Font License) from @fontsource/inter: Latin and Latin Extended cover Portuguese
// and the rest of Western and Central Europe. WOFF, which satori reads (it does not read WOFF2).
const require = createRequire(import.meta.url);
const FONT_FILES = ["latin-400", "latin-700", "latin-ext-400", "latin-ext-700"]
  .map((name) => require.resolve(`@fontsource/inter/files/inter-${name}-normal.woff`));
const FONT_VERSION = (require("@fontsource/inter/package.json") as { version: string }).version;
let fonts: { name: string; data: Buffer; weight: 400 | 700 }[] | undefined;

type Node = { type: string; props: { style: Record<string, unknown>; children?: string | Node[] } };
const el = (style: Record<string, unknown>, children?: string | Node[]): Node => ({ type: "div", props: { style, children } });

/** The card's layout, as satori's element tree (plain objects: no JSX, no React). */
function tree({ site, title, date, tags, accent = "#0b5cad" }: CardText): Node {
  const size = title.length <= 30 ? 80 : title.length <= 60 ? 68 : title.length <= 90 ? 56 : 48;
  return el({
    width: "100%", height: "100%", boxSizing: "border-box", display: "flex", flexDirection: "column", justifyContent: "space-between",
    padding: "64px 72px", background: accent, color: "#ffffff", fontFamily: "Inter",
  }, [
    el({ display: "flex", fontSize: 32, fontWeight: 700, color: "#cfe3ff" }, site),
    el({ display: "block", fontSize: size, fontWeight: 700, lineHeight: 1.15, lineClamp: 4 }, title),
    el({ display: "flex", justifyContent: "space-between", alignItems: "flex-end", fontSize: 30, color: "#cfe3ff" }, [
      el({ display: "flex" }, date),
      el({ display: "flex", maxWidth: 640, justifyContent: "flex-end", flexWrap: "wrap" }, tags.slice(0, 5).map((tag) => el({ marginLeft: 24 }, `#${tag}`))),
    ]),
  ]);
}

// The layout's own code and the font's version: a change to either makes every card anew.
const DESIGN = createHash("sha256").update(tree.toString()).update(el.toString()).update(FONT_VERSION).digest("hex");

/** The card's file name: a hash of what it shows and of its design, so any change makes a new file. */
export function cardName(text: CardText): string {
  return `${createHash("sha256").update(DESIGN).update(JSON.stringify(text)).digest("hex").slice(0, 16)}.png`;
}

/** Draws a card: satori lays out the text as SVG paths with the bundled font, sharp makes the PNG. */
export async function drawCard(text: CardText): Promise<Buffer> {
  fonts ??= FONT_FILES.map((file) => ({ name: "Inter", data: readFileSync(file), weight: file.includes("-700-") ? 700 : 400 }));
  // Imported here, not at the top: a build with every card already drawn never loads it (0.2 s).
  const { default: satori } = await import("satori");
  const svg = await satori(tree(text) as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * Cards drawn at once: sharp rasterises and encodes on its own threads while satori lays out the
 * next card. Two keep both cores busy; measured on 200 cards, four were 10% faster and held 10% more memory.
 */
const PARALLEL = 2;

/**
 * Draws every card not already in `<output>/social/` (names carry a hash of what they show, so a
 * file there is right) and, unless told otherwise, removes cards no post uses.
 */
export async function writeCards(cards: Card[], output: string, reporter: Reporter, { prune = true } = {}): Promise<void> {
  const folder = path.join(output, CARD_FOLDER);
  const missing = cards.filter((card) => !existsSync(path.join(folder, card.name)));
  if (missing.length > 0) {
    mkdirSync(folder, { recursive: true });
    // sharp's cache of decoded inputs is no use here (every card is new) and only holds memory.
    sharp.cache(false);
  }
  await pMap(missing, async (card) => {
    try {
      await writeFile(path.join(folder, card.name), await drawCard(card.text));
    } catch (err) {
      reporter.error(card.file, 1, 1, "card-failed",
        `the social card for this post could not be drawn (${(err as Error).message}); set image: in the front matter to use a picture of your own`);
    }
  }, { concurrency: PARALLEL });
  if (prune) pruneFolder(output, CARD_FOLDER, CARD_NAME, new Set(cards.map((card) => card.name)));
}
