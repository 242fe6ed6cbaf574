import path from "node:path";
import { describe, expect, test } from "vitest";
import { articleText, comparePosts, textSimilarity } from "../scripts/parity.ts";
import { PROJECT } from "./helpers/site.ts";

// The parity script's own pieces, on pages we wrote: one as a Jekyll theme lays a post out, one as ours does.
const FIXTURE = path.join(PROJECT, "test/fixtures/parity");

describe("npm run parity", () => {
  test("the article text leaves out each site's chrome: theme header and footer, our title, date and tags", () => {
    const text = 'Primeiro parágrafo do post, com um link. echo "olá"';
    expect(articleText(`<body><nav>x</nav><div class="post-content"><p>${text}</p></div></body>`, false)).toBe(text);
    const posts = comparePosts([{ path: "_posts/2024-01-31-post.md", url: "/post.html", file: "post.html" }], path.join(FIXTURE, "jekyll"), path.join(FIXTURE, "ours"));
    expect(posts).toEqual([{
      path: "_posts/2024-01-31-post.md", url: "/post.html", reproduced: true, similarity: 1, images: { jekyll: 0, shown: 0 }, liquidShown: 0,
    }]);
  });

  test("images Jekyll showed are matched by file name; Liquid our page shows as text, where Jekyll's ran, is counted", () => {
    const [post] = comparePosts([{ path: "_posts/2024-02-01-imagens.md", url: "/imagens.html", file: "imagens.html" }], path.join(FIXTURE, "jekyll"), path.join(FIXTURE, "ours"));
    expect([post!.images, post!.liquidShown]).toEqual([{ jekyll: 2, shown: 1 }, 1]);
  });

  test("a post missing from our site is not reproduced, and scores 0", () => {
    expect(comparePosts([{ path: "_posts/x.md", url: "/x.html", file: "x.html" }], path.join(FIXTURE, "jekyll"), path.join(FIXTURE, "ours")))
      .toEqual([{ path: "_posts/x.md", url: "/x.html", reproduced: false, similarity: 0, images: { jekyll: 0, shown: 0 }, liquidShown: 0 }]);
  });

  test.each([
    ["a b c d", "a b c d", 1],
    ["a b c d", "a b x d", 1 / 3],
    ["“aspas” – e", '"aspas" - e', 0],
    ["", "", 1],
  ])("similarity of %j and %j is %d", (a, b, expected) => {
    expect(textSimilarity(a, b)).toBeCloseTo(expected, 5);
  });
});
