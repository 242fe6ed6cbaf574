import { describe, expect, test } from "vitest";
import { createReporter } from "../src/diagnostics.ts";
import { convertJekyll, TOC_MARKER } from "../src/liquid.ts";
import { addTarget, createLinkIndex } from "../src/linkindex.ts";

function convert(body: string, page: Record<string, unknown> = {}) {
  const links = createLinkIndex("/blog");
  addTarget(links, "posts/2016/2016-01-03-primeiro.md", { kind: "page", url: "/2016/01/03/primeiro/" });
  addTarget(links, "posts/2016-02-01-ação.md", { kind: "page", url: "/2016/02/01/acao/" });
  addTarget(links, "images/foto.png", { kind: "asset", url: "/images/foto.png" });
  const reporter = createReporter();
  const converted = new Map<string, number>();
  const out = convertJekyll(body, {
    file: "posts/x.md", bodyLine: 3, site: { url: "https://exemplo.com.br", baseurl: "/blog" }, page, links, reporter, converted,
  });
  return { out, diagnostics: reporter.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`), converted: Object.fromEntries(converted) };
}

describe("the Jekyll pass: understood, never run", () => {
  test.each([
    ["[a]({% post_url 2016-01-03-primeiro %})", "[a](/blog/2016/01/03/primeiro/)"],
    ["[a]({% post_url 2016-01-03-primeiro%}#parte-2)", "[a](/blog/2016/01/03/primeiro/#parte-2)"],
    ["[a]({% post_url 2016/2016-01-03-primeiro %})", "[a](/blog/2016/01/03/primeiro/)"],
    ["[a]({% post_url 2016-02-01-ação %})", "[a](/blog/2016/02/01/a%C3%A7%C3%A3o/)".replace("a%C3%A7%C3%A3o", "acao")],
    ["[a]({% link _posts/2016-02-01-ação.md %})", "[a](/blog/2016/02/01/acao/)"],
    ["![f]({% link images/foto.png %})", "![f](/blog/images/foto.png)"],
    ["![f]({{ site.url }}{{ site.baseurl }}/images/foto.png)", "![f](/blog/images/foto.png)"],
    ["![f]({{ site.baseurl }}/images/foto.png)", "![f](/blog/images/foto.png)"],
    ['![f]({{ "/images/foto.png" | relative_url }})', "![f](/images/foto.png)"],
    ["Visite {{ site.url }}.", "Visite https://exemplo.com.br."],
    ["![capa]({{ page.image }})", "![capa](/images/foto.png)"],
    ["Por {{ page.author }}", "Por Ana &amp; &lt;Bia&gt;"],
    ["{{ page.tags }} {% include nota.html %} {% if x %}", "{{ page.tags }} {% include nota.html %} {% if x %}"],
    ["{% raw %}{{ site.url }}{% endraw %}", "\\{\\{ site.url }}"],
    ["`{{ site.url }}` e `{% raw %}{{ x }}{% endraw %}`", "`{{ site.url }}` e `{{ x }}`"],
    ["```\n{{ site.url }}\n{% raw %}{{ .Values }}{% endraw %}\n```", "```\n{{ site.url }}\n{{ .Values }}\n```"],
    ["{% highlight bash linenos %}\necho {{ site.url }}\n{% endhighlight %}", "```bash linenos\necho {{ site.url }}\n```"],
    ["```liquid\n{% highlight go %}\nx\n{% endhighlight %}\n```", "```liquid\n{% highlight go %}\nx\n{% endhighlight %}\n```"],
    ["![f](../images/minha foto.png) e [a](b.md \"título\") e `[c](d e)`", "![f](<../images/minha foto.png>) e [a](b.md \"título\") e `[c](d e)`"],
    ["##Introdução", "## Introdução"],
    ["## Introdução {#introducao}", "## Introdução {:#introducao}"],
    ["Seletor: a {color: red} e {#x}", "Seletor: a {color: red} e {#x}"],
    ["* TOC\n{:toc}", `${TOC_MARKER}\n`],
  ])("%j", (body, expected) => {
    const { out } = convert(body, { image: "/images/foto.png", author: "Ana & <Bia>", tags: ["a"] });
    expect(out).toBe(expected);
  });

  test("the line count never changes, so later diagnostics keep their lines", () => {
    const body = "{% highlight go %}\nx\n{% endhighlight %}\n{% raw %}\n{{ a }}\n{% endraw %}\n* TOC\n{:toc}\n##T\n";
    expect(convert(body).out.split("\n")).toHaveLength(body.split("\n").length);
  });

  test("a missing target is an error at the tag's line and column; the construct counts are kept", () => {
    const { diagnostics, converted } = convert("[a]({% post_url 2016-01-03-primeiro %})\n\nVer [b]({% post_url 2099-01-01-nada %}) e [c]({% link _posts/nada.md %}).\n##Sem espaço\n");
    expect(diagnostics).toEqual(["6:9 error post-url-missing", "6:47 error link-missing", "7:3 warning heading-space"]);
    expect(converted).toEqual({ post_url: 1 });
  });

  test("a {% highlight %} left open is an error, and the text is left as written", () => {
    const { out, diagnostics } = convert("{% highlight ruby %}\nputs 1\n");
    expect(out).toBe("{% highlight ruby %}\nputs 1\n");
    expect(diagnostics).toEqual(["4:1 error liquid-highlight"]);
  });
});
