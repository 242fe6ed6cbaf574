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

  test("whatever the text, the card is drawn inside its margins on the accent colour, the same bytes each time", async () => {
    const long = "palavra ".repeat(80);
    const texts = [
      { site: "Um blog com um nome tão comprido que não cabe numa linha do cartão de jeito nenhum", title: long, date: "31 de dezembro de 2024", tags: ["uma-tag-muito-comprida-que-sozinha-passa-da-largura-das-tags", "b", "c", "d", "e", "f"] },
      { site: "x", title: `Supercalifragilistico${"expialidoso".repeat(12)}`, date: "", tags: [], accent: "#7a1f5c" },
      { site: "", title: "Linha\n\tquebrada   com    espaços", date: "1 de março", tags: ["a"] },
      // Huge values cost no more than what fits: a few milliseconds, not minutes.
      { site: "s".repeat(100_000), title: `${"título ".repeat(20_000)}${"x".repeat(100_000)}`, date: "d".repeat(100_000), tags: ["t".repeat(100_000)] },
    ];
    for (const text of texts) {
      const png = await drawCard(text);
      expect(png.equals(await drawCard(text))).toBe(true);
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
      const accent = text.accent ?? "#0b5cad";
      const background = [1, 3, 5].map((i) => Number.parseInt(accent.slice(i, i + 2), 16));
      // The margins are 72 px at the sides and 64 px at the top and bottom; a glyph may reach a few pixels into them.
      let outside = 0;
      let inside = 0;
      for (let y = 0; y < CARD_HEIGHT; y++) {
        for (let x = 0; x < CARD_WIDTH; x++) {
          const at = (y * CARD_WIDTH + x) * info.channels;
          const plain = data[at] === background[0] && data[at + 1] === background[1] && data[at + 2] === background[2];
          if (x < 64 || x >= CARD_WIDTH - 64 || y < 56 || y >= CARD_HEIGHT - 56) outside += plain ? 0 : 1;
          else inside += plain ? 0 : 1;
        }
      }
      expect(outside, JSON.stringify(text)).toBe(0);
      expect(inside).toBeGreaterThan(1000);
    }
  });

  test("a long title is cut at four lines with an ellipsis: a longer one draws the same card", async () => {
    const base = { site: "Blog", date: "1 de março de 2021", tags: ["devops"] };
    // Both over 90 characters (the same type size), both past four lines: what is drawn is the same.
    const title = "Um título muito longo que não cabe em quatro linhas de jeito nenhum porque continua e continua falando sobre Kubernetes, Terraform, Ansible, observabilidade";
    const a = await sharp(await drawCard({ ...base, title })).raw().toBuffer();
    const b = await sharp(await drawCard({ ...base, title: `${title} e muito mais coisas` })).raw().toBuffer();
    const c = await sharp(await drawCard({ ...base, title: "Um título muito longo que não cabe em quatro linhas de jeito nenhum porque continua" })).raw().toBuffer();
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });
});
