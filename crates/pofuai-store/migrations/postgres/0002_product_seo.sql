-- SEO fields that AI product editing writes: meta title, meta description and keywords, JSON.
ALTER TABLE products ADD COLUMN seo TEXT NOT NULL DEFAULT '{}';
