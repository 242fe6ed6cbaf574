/**
 * Every word the layouts show a reader, in each language a page can be in: Brazilian Portuguese
 * (the default), European Portuguese, English and Spanish. A page's language is its post's `lang:`,
 * else the site's `lang`; dates are Intl's, in the same language. Only Latin-1 characters (« »,
 * straight quotes) in what every post shows: V8 then keeps a post page as one byte per character.
 */
export interface Labels {
  home: string;
  tags: string;
  search: string;
  /** The header's search box: its label, button and example. */
  searchLabel: string;
  searchExample: string;
  skipToContent: string;
  feed: string;
  mainMenu: string;
  minutesRead: (n: number) => string;
  draft: string;
  scheduled: string;
  tableOfContents: string;
  /** The `aria-label` of a heading's `#` link. */
  linkToSection: (heading: string) => string;
  otherPosts: string;
  pages: string;
  newer: string;
  older: string;
  pageOf: (title: string, n: number, count: number) => string;
  noPosts: string;
  tagTitle: (tag: string) => string;
  tagHeading: (tag: string) => string;
  tagDescription: (tag: string) => string;
  posts: (n: number) => string;
  allTags: string;
  allTagsOf: (site: string) => string;
  notFound: string;
  notFoundDescription: (site: string) => string;
  notFoundText: { lead: string; home: string; or: string; tags: string };
  latestPosts: string;
  searchDescription: (site: string) => string;
  searchNeedsScript: string;
  searchInput: string;
  /** The search index's name for a post's date (Pagefind shows it as "Name: value"). */
  published: string;
  moved: string;
  archive: string;
  archiveDescription: (site: string) => string;
  relatedPosts: string;
  /** The series box: "Parte 2 de 4 da série «Kubernetes»". */
  seriesPart: (n: number, count: number, series: string) => string;
  seriesLabel: (series: string) => string;
  tagFeed: string;
  comments: string;
  by: string;
}

const ptBR: Labels = {
  home: "Início", tags: "Tags", search: "Busca", searchLabel: "Buscar", searchExample: "ex.: kubelet",
  skipToContent: "Pular para o conteúdo", feed: "Feed", mainMenu: "Principal",
  minutesRead: (n) => `${n} min de leitura`, draft: "Rascunho: não publicado", scheduled: "Agendado: ainda não publicado",
  tableOfContents: "Neste artigo", linkToSection: (h) => `Link para a seção «${h}»`,
  otherPosts: "Outros posts", pages: "Páginas", newer: "Mais recentes", older: "Anteriores",
  pageOf: (title, n, count) => `${title}, página ${n} de ${count}`, noPosts: "Nenhum post ainda.",
  tagTitle: (t) => `Tag: ${t}`, tagHeading: (t) => `Posts com a tag “${t}”`, tagDescription: (t) => `Posts com a tag ${t}`,
  posts: (n) => `${n} ${n === 1 ? "post" : "posts"}`, allTags: "todas as tags", allTagsOf: (s) => `Todas as tags de ${s}`,
  notFound: "Página não encontrada", notFoundDescription: (s) => `Esta página não existe em ${s}; veja os posts mais recentes ou as tags.`,
  notFoundText: { lead: "O endereço pode ter mudado ou nunca ter existido.", home: "Volte para o início", or: "ou veja as", tags: "tags" },
  latestPosts: "Posts mais recentes", searchDescription: (s) => `Busca nos posts de ${s}`,
  searchNeedsScript: "A busca precisa de JavaScript.", searchInput: "Buscar nos posts", published: "publicado",
  moved: "Este post mudou de endereço:",
  archive: "Arquivo", archiveDescription: (s) => `Todos os posts de ${s}, por ano e mês`, relatedPosts: "Posts relacionados",
  seriesPart: (n, count, series) => `Parte ${n} de ${count} da série «${series}»`, seriesLabel: (series) => `Série: ${series}`,
  tagFeed: "Feed desta tag", comments: "Comentários", by: "por",
};

const ptPT: Labels = {
  ...ptBR,
  search: "Pesquisa", searchLabel: "Pesquisar", skipToContent: "Saltar para o conteúdo",
  tableOfContents: "Neste artigo", linkToSection: (h) => `Ligação para a secção «${h}»`,
  otherPosts: "Outros artigos", noPosts: "Ainda não há artigos.",
  tagHeading: (t) => `Artigos com a etiqueta «${t}»`, tagDescription: (t) => `Artigos com a etiqueta ${t}`, tagTitle: (t) => `Etiqueta: ${t}`,
  tags: "Etiquetas", posts: (n) => `${n} ${n === 1 ? "artigo" : "artigos"}`, allTags: "todas as etiquetas", allTagsOf: (s) => `Todas as etiquetas de ${s}`,
  notFoundDescription: (s) => `Esta página não existe em ${s}; veja os artigos mais recentes ou as etiquetas.`,
  notFoundText: { lead: "O endereço pode ter mudado ou nunca ter existido.", home: "Volte ao início", or: "ou veja as", tags: "etiquetas" },
  latestPosts: "Artigos mais recentes", searchDescription: (s) => `Pesquisa nos artigos de ${s}`,
  searchNeedsScript: "A pesquisa precisa de JavaScript.", searchInput: "Pesquisar nos artigos",
  moved: "Este artigo mudou de endereço:", draft: "Rascunho: não publicado", scheduled: "Agendado: ainda não publicado",
  archiveDescription: (s) => `Todos os artigos de ${s}, por ano e mês`, relatedPosts: "Artigos relacionados", tagFeed: "Feed desta etiqueta",
};

const en: Labels = {
  home: "Home", tags: "Tags", search: "Search", searchLabel: "Search", searchExample: "e.g. kubelet",
  skipToContent: "Skip to content", feed: "Feed", mainMenu: "Main",
  minutesRead: (n) => `${n} min read`, draft: "Draft: not published", scheduled: "Scheduled: not published yet",
  tableOfContents: "In this article", linkToSection: (h) => `Link to the section "${h}"`,
  otherPosts: "More posts", pages: "Pages", newer: "Newer", older: "Older",
  pageOf: (title, n, count) => `${title}, page ${n} of ${count}`, noPosts: "No posts yet.",
  tagTitle: (t) => `Tag: ${t}`, tagHeading: (t) => `Posts tagged "${t}"`, tagDescription: (t) => `Posts tagged ${t}`,
  posts: (n) => `${n} ${n === 1 ? "post" : "posts"}`, allTags: "all tags", allTagsOf: (s) => `All tags of ${s}`,
  notFound: "Page not found", notFoundDescription: (s) => `This page does not exist on ${s}; see the latest posts or the tags.`,
  notFoundText: { lead: "The address may have changed, or never existed.", home: "Go back home", or: "or see the", tags: "tags" },
  latestPosts: "Latest posts", searchDescription: (s) => `Search the posts of ${s}`,
  searchNeedsScript: "Search needs JavaScript.", searchInput: "Search the posts", published: "published",
  moved: "This post has moved:",
  archive: "Archive", archiveDescription: (s) => `Every post of ${s}, by year and month`, relatedPosts: "Related posts",
  seriesPart: (n, count, series) => `Part ${n} of ${count} of the series "${series}"`, seriesLabel: (series) => `Series: ${series}`,
  tagFeed: "This tag's feed", comments: "Comments", by: "by",
};

const es: Labels = {
  home: "Inicio", tags: "Etiquetas", search: "Búsqueda", searchLabel: "Buscar", searchExample: "p. ej.: kubelet",
  skipToContent: "Saltar al contenido", feed: "Feed", mainMenu: "Principal",
  minutesRead: (n) => `${n} min de lectura`, draft: "Borrador: no publicado", scheduled: "Programado: aún no publicado",
  tableOfContents: "En este artículo", linkToSection: (h) => `Enlace a la sección «${h}»`,
  otherPosts: "Otros artículos", pages: "Páginas", newer: "Más recientes", older: "Anteriores",
  pageOf: (title, n, count) => `${title}, página ${n} de ${count}`, noPosts: "Todavía no hay artículos.",
  tagTitle: (t) => `Etiqueta: ${t}`, tagHeading: (t) => `Artículos con la etiqueta «${t}»`, tagDescription: (t) => `Artículos con la etiqueta ${t}`,
  posts: (n) => `${n} ${n === 1 ? "artículo" : "artículos"}`, allTags: "todas las etiquetas", allTagsOf: (s) => `Todas las etiquetas de ${s}`,
  notFound: "Página no encontrada", notFoundDescription: (s) => `Esta página no existe en ${s}; mira los artículos más recientes o las etiquetas.`,
  notFoundText: { lead: "La dirección puede haber cambiado o no haber existido nunca.", home: "Vuelve al inicio", or: "o mira las", tags: "etiquetas" },
  latestPosts: "Artículos más recientes", searchDescription: (s) => `Búsqueda en los artículos de ${s}`,
  searchNeedsScript: "La búsqueda necesita JavaScript.", searchInput: "Buscar en los artículos", published: "publicado",
  moved: "Este artículo cambió de dirección:",
  archive: "Archivo", archiveDescription: (s) => `Todos los artículos de ${s}, por año y mes`, relatedPosts: "Artículos relacionados",
  seriesPart: (n, count, series) => `Parte ${n} de ${count} de la serie «${series}»`, seriesLabel: (series) => `Serie: ${series}`,
  tagFeed: "Feed de esta etiqueta", comments: "Comentarios", by: "por",
};

const TABLE: Record<string, Labels> = { "pt-br": ptBR, pt: ptBR, "pt-pt": ptPT, en, es };

/** The labels for a language tag: the tag itself (pt-PT), else its language (en-GB → en), else Brazilian Portuguese. */
export function labelsFor(lang: string | undefined): Labels {
  const tag = (lang ?? "").toLowerCase();
  return TABLE[tag] ?? TABLE[tag.split("-")[0]!] ?? ptBR;
}
