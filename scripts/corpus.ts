import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A seeded PRNG (mulberry32): the same corpus for the same seed, on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ("comunicação rede aplicação contêiner escalável balanceador requisição latência segurança " +
  "configuração implantação serviço banco dados cache fila mensagem réplica partição disponibilidade " +
  "observabilidade métrica alerta instância máquina virtual sub-rede roteamento endereço porta protocolo " +
  "criptografia certificado autenticação autorização política permissão usuário grupo função registro " +
  "o a os as de da do das dos em no na para com por que uma um é são entre sobre quando como mais").split(" ");
const TAG_ROOTS = ["segurança", "redes", "infra", "aws", "pseudocódigo", "kubernetes", "go", "banco-de-dados", "observabilidade",
  "escalabilidade", "devops", "linux", "containers", "automação", "programação", "arquitetura"];

export interface CorpusFile {
  /** Path relative to the corpus root. */
  file: string;
  title: string;
  date: string;
  tags: string[];
  body: string;
}

/**
 * Portuguese Jekyll-style posts like the ones this blog is for: tags as a string (62 in all,
 * accents included), reference links, a relative link to another post, a relative image and a
 * code block.
 */
export function generateCorpus(count: number, seed = 42): CorpusFile[] {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const tags = Array.from({ length: 62 }, (_, i) => (i < TAG_ROOTS.length ? TAG_ROOTS[i]! : `${pick(TAG_ROOTS)}-${i}`));
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(rand() * 14) }, () => pick(WORDS));
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return `${words.join(" ")}.`;
  };
  const posts: CorpusFile[] = [];
  const start = Date.UTC(2012, 0, 1);
  for (let i = 0; i < count; i++) {
    const day = new Date(start + Math.floor((i * 4383) / Math.max(count, 1)) * 86_400_000);
    const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    const slug = `post-${i}-${pick(WORDS).normalize("NFD").replace(/\p{M}/gu, "")}`;
    const postTags = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(tags)))];
    const previous = posts.length > 0 ? posts[Math.floor(rand() * posts.length)]! : undefined;
    const paragraphs = Array.from({ length: 4 + Math.floor(rand() * 6) }, () =>
      Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(" "));
    paragraphs[1] += " Veja a [documentação oficial][1] e o [guia][2].";
    if (previous) paragraphs[2] += ` Leia também [o post anterior](${path.basename(previous.file)}).`;
    const body = [
      paragraphs[0], "![diagrama](../images/nodes.png)", `## ${sentence()}`, ...paragraphs.slice(1, 3),
      "```bash\nkubectl get pods --all-namespaces -o wide\n```", `## ${sentence()}`, ...paragraphs.slice(3),
      "[1]: https://kubernetes.io/docs/concepts/architecture/nodes/", "[2]: https://kubernetes.io/docs/concepts/containers/", "",
    ].join("\n\n");
    posts.push({ file: `posts/${y}-${m}-${d}-${slug}.md`, title: `${sentence().slice(0, 60)} (${i})`, date: `${y}-${m}-${d}`, tags: postTags, body });
  }
  return posts;
}

/** Writes the corpus as this blog reads it (Jekyll style: tags as a space-separated string). */
export function writeJekyllSite(root: string, posts: CorpusFile[], image: string): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, "posts"), { recursive: true });
  mkdirSync(path.join(root, "images"), { recursive: true });
  copyFileSync(image, path.join(root, "images/nodes.png"));
  for (const p of posts) {
    writeFileSync(path.join(root, p.file), `---\nlayout: post\ntitle: ${JSON.stringify(p.title)}\ntags: ${p.tags.join(" ")}\n---\n${p.body}`);
  }
}

/**
 * A photo blog: `posts` posts sharing `images` generated images at real sizes (JPEG photos of 3 to
 * 12 MP, every fourth a PNG screenshot of 1 to 2 MP), softened noise so that they compress as
 * photos do; one or two per post. Cards off: the case measures images.
 */
export async function writePhotoSite(root: string, posts: number, images: number): Promise<void> {
  const { default: sharp } = await import("sharp");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, "posts"), { recursive: true });
  mkdirSync(path.join(root, "images"), { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < images; i++) {
    const screenshot = i % 4 === 3;
    const megapixels = screenshot ? 1 + (i % 2) : 3 + (i % 4) * 3;
    const width = Math.round(Math.sqrt((megapixels * 1e6 * 4) / 3));
    const height = Math.round((width * 3) / 4);
    const noise = sharp({ create: { width, height, channels: 3, background: "#000", noise: { type: "gaussian", mean: 100 + (i % 7) * 10, sigma: screenshot ? 10 : 35 } } });
    const name = `foto-${i}.${screenshot ? "png" : "jpg"}`;
    const pixels = await noise.blur(screenshot ? 0.3 : 1.5).png().toBuffer();
    await (screenshot ? sharp(pixels).png() : sharp(pixels).jpeg({ quality: 85 })).toFile(path.join(root, "images", name));
    names.push(name);
  }
  for (let p = 0; p < posts; p++) {
    const shown = [names[p % images]!, ...(p * 2 < images ? [names[(p + posts) % images]!] : [])];
    writeFileSync(path.join(root, "posts", `2024-${1 + (p % 12)}-${1 + (p % 28)}-fotos-${p}.md`),
      `---\ntitle: Fotos ${p}\ntags: fotos\n---\n${shown.map((n) => `![Foto](../images/${n})\n`).join("\n")}`);
  }
  writeFileSync(path.join(root, "_config.yml"), "title: Fotos\nsocial_cards: false\n");
}
