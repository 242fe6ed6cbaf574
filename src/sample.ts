import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The sample a fresh clone ships (the "AWS - Network" article, the post it links to, their diagram
 * and the sample settings), by SHA-256: `npm run import` replaces it only while it is untouched.
 * test/jekyll-theme.test.ts checks these against the shipped files, so an edit to the sample says so.
 */
export const SAMPLE_FILES: Readonly<Record<string, string>> = {
  "posts/2022-7-19-aplicacoes-escalaveis.md": "357acaa27aa4d6f5782e201b2c0f9e309349c5a4f1976356227cb0112baa6487",
  "posts/2024-1-31-aws-network.md": "30bc93c6897015157681938c70af2295bc62b0eebe0e89c30454f55a4250162f",
  "images/nodes.png": "b984e2871b8d566bfa5db0aa6585bbc95427386589af60db7867c6109a3306e5",
  "images/nodes.svg": "bfc9b2a61a59f5ba3da09faa8de2c3a67bfaf388ca26aac2005c118968b4d9b6",
  "_config.yml": "0e934b8c20e5e04340492ac574ca406fa53e4c421dca707d76158c996905f930",
};

export function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/**
 * The sample's files in `root` when the blog is nothing but the untouched sample (every sample file
 * there is byte for byte as shipped, and posts/ holds no other file); otherwise none.
 */
export function untouchedSample(root: string): string[] {
  const present = Object.keys(SAMPLE_FILES).filter((file) => existsSync(path.join(root, file)));
  if (present.length === 0) return [];
  const posts = existsSync(path.join(root, "posts")) ? readdirSync(path.join(root, "posts"), { recursive: true }).map((f) => `posts/${String(f)}`) : [];
  if (posts.some((file) => !(file in SAMPLE_FILES))) return [];
  return present.every((file) => sha256(path.join(root, file)) === SAMPLE_FILES[file]) ? present : [];
}
