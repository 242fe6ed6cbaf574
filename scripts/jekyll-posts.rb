# Lists a Jekyll site's posts where Jekyll 4 puts them, as JSON: [{ "path", "url", "file" }].
# Plugins and theme are off (the parity run compares what Jekyll itself does); nothing is written.
require "jekyll"
require "json"

source = ARGV.fetch(0)
config = Jekyll.configuration(
  "source" => source, "destination" => File.join(source, "_site"), "quiet" => true,
  "plugins" => [], "theme" => nil, "safe" => true,
)
site = Jekyll::Site.new(config)
site.reset
site.read
posts = site.posts.docs.map do |doc|
  { "path" => doc.relative_path, "url" => doc.url, "file" => doc.destination(site.dest).delete_prefix("#{site.dest}/") }
end
puts JSON.generate(posts)
