import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { CARD_HEIGHT, CARD_WIDTH, drawCard } from "../src/cards.ts";
import { buildSite, copySite } from "./helpers/site.ts";

const cardOf = (doc: Document) => doc.querySelector('meta[property="og:image"]')?.getAttribute("content") ?? "";

describe("social cards", () => {
  test("each post gets a 1200×630 PNG card, reused by the next build, redrawn when its title changes", async () => {
    const root = copySite(".");
    const posts = ["/2024/01/31/aws-network/", "/2022/07/19/aplicacoes-escalaveis/"];
    const build = async () => {
      const site = await buildSite(root);
      expect(site.code).toBe(0);
      const cards = posts.map((url) => new URL(cardOf(site.page(url))).pathname);
      return { site, cards, inodes: cards.map((card) => statSync(path.join(site.output, card)).ino) };
    };
    const first = await build();
    expect(new Set(first.cards).size).toBe(2);
    for (const card of first.cards) {
      const meta = await sharp(path.join(first.site.output, card)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", CARD_WIDTH, CARD_HEIGHT]);
    }
    const second = await build();
    expect(second.cards).toEqual(first.cards);
    expect(second.inodes).toEqual(first.inodes);

    const file = path.join(root, "posts/2024-1-31-aws-network.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("title: AWS - Network", "title: AWS - Rede"));
    const third = await build();
    expect(third.cards[0]).not.toBe(first.cards[0]);
    expect(third.cards[1]).toBe(first.cards[1]);
    expect(readdirSync(path.join(third.site.output, "social")).sort()).toEqual(third.cards.map((c) => path.basename(c)).sort());
  }, 60_000);

  test("social_cards: false in _config.yml draws none, and a post without image: has no og:image", async () => {
    const root = copySite(".");
    writeFileSync(path.join(root, "_config.yml"), `${readFileSync(path.join(root, "_config.yml"), "utf8")}\nsocial_cards: false\n`);
    const site = await buildSite(root);
    expect(site.code).toBe(0);
    expect(existsSync(path.join(site.output, "social"))).toBe(false);
    expect(site.page("/2024/01/31/aws-network/").querySelector('meta[property="og:image"]')).toBeNull();
    expect(site.page("/2024/01/31/aws-network/").querySelector('meta[name="twitter:card"]')?.getAttribute("content")).toBe("summary");
  }, 30_000);

  test("the bundled font draws every Portuguese letter: none is the missing-glyph box, none its bare letter", async () => {
    const pixels = async (title: string) => {
      const png = await drawCard({ site: "", title, date: "", tags: [] });
      return sharp(png).raw().toBuffer();
    };
    // Letters the font lacks all draw as one and the same box.
    const missing = await pixels("中");
    expect(missing.equals(await pixels("日"))).toBe(true);
    for (const [accented, bare] of [["ã", "a"], ["õ", "o"], ["ç", "c"], ["á", "a"], ["â", "a"], ["à", "a"], ["é", "e"],
      ["ê", "e"], ["í", "i"], ["ó", "o"], ["ô", "o"], ["ú", "u"], ["Ç", "C"], ["Ã", "A"], ["É", "E"]]) {
      const drawn = await pixels(accented!);
      expect(drawn.equals(missing), `${accented} is missing from the font`).toBe(false);
      expect(drawn.equals(await pixels(bare!)), `${accented} drew as ${bare}`).toBe(false);
    }
  });
});
