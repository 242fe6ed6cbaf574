// Bare Eleventy, stock settings: Markdown posts through Liquid, Nunjucks layouts, tag pages by
// pagination over collections as the Eleventy base blog does.
module.exports = function () {};
