/**
 * Every diagnostic code the build reports, with what it means for an author, in Portuguese. The
 * reporter takes only these codes (TypeScript checks it), and docs/mensagens-de-erro.md is
 * generated from this table (`npm run docs`; a test fails when the page is out of date).
 */
export const CODES = {
  // Arquivos
  "encoding": "O arquivo não é UTF-8. Salve-o como UTF-8 (por exemplo `iconv -f latin1 -t utf-8`).",
  "line-endings": "O arquivo usa finais de linha do Mac antigo (CR sozinho). Ele é lido assim mesmo; salve-o com LF ou CRLF.",
  "control-character": "Caracteres de controle invisíveis no texto foram removidos (nenhuma página ou feed pode tê-los). Apague-os do arquivo.",
  "too-large": "O arquivo passa do limite (post 4 MiB, `_config.yml` 1 MiB, imagem 64 MiB) e não foi lido. Divida o post ou diminua a imagem.",
  "too-many": "O arquivo tem mais de 50 problemas; os seguintes são contados, não listados. Corrija os de cima primeiro.",
  "symlink": "Um link simbólico: o build não segue links (eles podem sair do site). Copie o arquivo para dentro do site.",
  "not-a-file": "Um FIFO, socket ou dispositivo no meio dos arquivos do site: não é lido nem publicado. Apague-o.",
  "unreadable": "Um arquivo ou pasta que não pôde ser lido (permissões). Verifique as permissões ou tire-o do site.",
  "empty-post": "O post não tem texto depois do front matter (ou o arquivo está vazio). Ele é publicado só com o título, como no Jekyll.",
  "not-built": "Uma página de outro gerador na raiz do site (um `sobre.md` com front matter, um `.njk`). Páginas ficam em `pages/`, em Markdown.",
  // Front matter
  "front-matter-language": "Front matter em outra linguagem que YAML (`---js`): é recusado, porque poderia executar código. Escreva em YAML.",
  "front-matter-unclosed": "O front matter aberto na linha 1 não é fechado. Acrescente uma linha `---` depois da última chave.",
  "front-matter-yaml": "O front matter não é YAML válido. Coloque entre aspas os valores com `: ` ou `#`.",
  "front-matter-shape": "O front matter precisa ser um mapa de chaves e valores (`title: Meu post`).",
  "duplicate-key": "Uma chave escrita duas vezes: vale a última, como no Jekyll. Apague uma delas.",
  "unknown-key": "Uma chave de front matter que o blog não lê (com \"você quis dizer\" quando há uma parecida).",
  "title": "O título não pôde ser lido. Escreva `title: …` como texto.",
  "title-missing": "O post não tem título: ele usa o nome do arquivo, como o Jekyll. Escreva `title: …`.",
  "title-empty": "O título está vazio: o post usa o nome do arquivo. Escreva o título.",
  "title-type": "O título não é texto (uma lista, um mapa): o post usa o nome do arquivo. Escreva o título entre aspas.",
  "date": "A data do front matter não é válida. Escreva `AAAA-MM-DD` ou `AAAA-MM-DD HH:MM:SS -0300`.",
  "filename-date": "A data do nome do arquivo não existe, ou o nome não tem data (o post não é publicado, como no Jekyll). Use `AAAA-M-D-slug.md`.",
  "slug": "Um `slug:` com caracteres que um endereço não pode ter. Use letras, dígitos, `-`, `_` e `.`.",
  "permalink": "Um `permalink:` que não é um caminho seguro (precisa começar com `/`, sem `..`), ou com um marcador desconhecido.",
  "layout": "Um `layout:` de tema (`article`, `single`): o post é montado com o layout de post. Escreva `layout: post` ou tire a chave.",
  "flag": "`published:` ou `draft:` como texto (`'false'`), que o Jekyll ignora: escreva `true` ou `false` sem aspas.",
  "tags": "As tags não puderam ser lidas. Escreva uma lista ou palavras separadas por espaços.",
  "tags-type": "As tags precisam ser texto separado por espaços ou uma lista.",
  "tags-commas": "Tags separadas por vírgulas: são lidas assim mesmo. Separe-as por espaços.",
  "tags-empty": "Um item vazio na lista de tags: é deixado de fora.",
  "tags-many": "Mais de 200 tags num post: ficam as 200 primeiras (cada tag é uma página).",
  "categories-type": "As categorias precisam ser texto separado por espaços ou uma lista.",
  "categories-commas": "Categorias separadas por vírgulas: são lidas assim mesmo. Separe-as por espaços.",
  "categories-empty": "Um item vazio na lista de categorias: é deixado de fora.",
  "tag-spelling": "A mesma tag escrita de jeitos diferentes (maiúsculas, acentos, `-`): é uma tag só, mostrada como mais se escreve. Escreva sempre igual.",
  "tag-slug": "Uma tag sem letra ou dígito para fazer o endereço (`🙂`). Troque a tag.",
  "lang": "Um `lang:` que não é uma etiqueta de idioma. Escreva `pt-BR`, `pt` ou `en`.",
  "lang-type": "Um `lang:` que não é texto: é ignorado.",
  "description-type": "Uma `description:` que não é texto: é ignorada.",
  "excerpt-type": "Um `excerpt:` que não é texto: é ignorado.",
  "image-type": "Um `image:` que não é texto nem um mapa com `path:`.",
  "image-share": "O `image:` não serve como imagem para redes sociais (não é http(s) nem um arquivo do site): o cartão do post fica no lugar.",
  "redirect-from": "Um `redirect_from:` que não é um caminho seguro, ou que já é o endereço de outra página do site.",
  "redirect-to": "Um `redirect_to:` que não é um endereço http(s) nem um caminho do site.",
  "menu": "Um `menu:` de página que não é `true`, um rótulo ou `{ title, order }`: a página fica fora do menu.",
  // Endereços e páginas
  "url-collision": "Dois posts no mesmo endereço (ou um rascunho no endereço de um post). Mude o slug ou a data de um deles.",
  "page-collision": "Uma página de `pages/` no endereço de outra página do site. Dê a ela outro `permalink:`.",
  "static-collision": "Um arquivo de uma pasta estática substituiria uma página do site (ou o índice da busca). Renomeie-o.",
  // Links, imagens e Markdown
  "link-missing": "Um link para um arquivo que não existe (erro; aviso com `broken_links: warning`). Corrija o caminho, relativo ao post.",
  "image-missing": "Uma imagem que não existe. Corrija o caminho, relativo ao post.",
  "image-unreadable": "Uma imagem que não pôde ser lida ou convertida. Abra-a num editor de imagens e salve de novo.",
  "post-url-missing": "Um `{% post_url %}` que não acha o post. Corrija o nome (o nome do arquivo sem `.md`).",
  "reference-undefined": "Um link de referência (`[texto][9]`) sem definição. Acrescente `[9]: https://…` ou corrija o rótulo.",
  "reference-unused": "Uma definição de referência que nenhum link usa. Use-a ou apague a linha.",
  "footnote-undefined": "Uma nota de rodapé (`[^1]`) sem a nota: aparece como escrita. Acrescente `[^1]: a nota`.",
  "unsafe-url": "Um endereço que poderia executar código (`javascript:`): o link não é feito (no HTML, o atributo é removido).",
  "draft-link": "Um post publicado aponta para um rascunho, que o site publicado não tem.",
  "heading-skip": "Um título pula um nível (`####` depois de `##`). Use o nível seguinte.",
  "heading-space": "`##Título` sem espaço: lido como título, como no kramdown. Acrescente o espaço.",
  "nesting": "Listas ou citações aninhadas fundo demais (mais de 50 níveis). Achate o aninhamento.",
  "math": "Uma fórmula que o KaTeX não consegue ler: aparece como escrita. Corrija o TeX, ou escreva `\\$` para um cifrão.",
  "math-unpaired": "Um `$$` que não abre fórmula (falta o `$$` de fechar): aparece como escrito.",
  // Liquid
  "liquid": "Liquid do Jekyll num blog sem `liquid: true`: aparece como escrito. Escreva o resultado, ou ligue `liquid: true`.",
  "liquid-error": "O Liquid não pôde rodar: erro de sintaxe, ou um limite de tempo ou memória estourado (um laço grande demais, um include que se inclui).",
  "liquid-tag": "Uma tag de plugin do Jekyll (`{% gist %}`): o Liquid do post não roda e ele aparece como escrito.",
  "liquid-include": "Um `{% include %}` que não está em `_includes/` (de um tema, por exemplo): o post aparece como escrito. Copie o arquivo para `_includes/`.",
  "liquid-filter": "Um filtro que não é do Jekyll: o valor passa sem mudança, como no Jekyll.",
  "liquid-highlight": "Um `{% highlight %}` sem `{% endhighlight %}`. Feche o bloco.",
  "data-yaml": "Um arquivo de `_data/` que não é YAML ou JSON válido.",
  // Configuração
  "config-yaml": "O `_config.yml` não é YAML válido.",
  "config-shape": "O `_config.yml` precisa ser um mapa de chaves e valores.",
  "config-value": "Um valor do `_config.yml` (ou de `--url`, `--pathprefix`) que não serve: o padrão fica no lugar.",
  "config-unreadable": "O `_config.yml` não pôde ser lido (um link simbólico, um arquivo especial).",
  "unknown-setting": "Uma chave do `_config.yml` que o blog não lê (com \"você quis dizer\" quando há uma parecida).",
  "logo-missing": "O `logo:` não é uma imagem do site: o cabeçalho mostra só o título.",
  // Ferramentas
  "card-failed": "O cartão social de um post não pôde ser desenhado.",
  "check-failed": "`npm run check` encontrou algo que não conseguiu verificar.",
  "import": "`npm run import` encontrou algo que não conseguiu importar.",
} as const;

export type Code = keyof typeof CODES;

/** docs/mensagens-de-erro.md: every code, what it means and what to do, in the order of the table. */
export function codesPage(): string {
  const rows = Object.entries(CODES).map(([code, text]) => `| \`${code}\` | ${text.replace(/\|/g, "\\|")} |`);
  return `# Mensagens de erro e avisos

Cada problema aparece como \`arquivo:linha:coluna: error|warning: mensagem [código]\`, a forma que
editores e CI entendem; \`npm run check\` lista todos sem gravar nada. Um **erro** para o build (o
\`_site/\` anterior fica como estava); um **aviso** não. A mensagem diz o que foi achado e como
corrigir; esta tabela diz o que cada código quer dizer.

(Gerada de \`src/codes.ts\` por \`npm run docs\`: não edite à mão.)

| código | o que quer dizer e o que fazer |
|---|---|
${rows.join("\n")}
`;
}
