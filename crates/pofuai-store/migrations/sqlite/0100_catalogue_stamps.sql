-- A counter per catalogue owner that every change to a product, its variants or its images
-- raises inside the writing transaction (owner 0 counts every owner's changes). Cached API
-- answers are checked against it, so none is served after a change made by any process.
-- SQLite has one writer at a time, so the counter grows in commit order.
CREATE TABLE catalogue_stamps (
    owner_id INTEGER PRIMARY KEY,
    stamp    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER catalogue_products_insert AFTER INSERT ON products BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        VALUES (NEW.owner_id, 1), (0, 1)
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_products_update AFTER UPDATE ON products BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        SELECT OLD.owner_id, 1 UNION SELECT NEW.owner_id, 1 UNION SELECT 0, 1 WHERE true
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_products_delete AFTER DELETE ON products BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        VALUES (OLD.owner_id, 1), (0, 1)
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_variants_insert AFTER INSERT ON product_variants BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        VALUES (NEW.owner_id, 1), (0, 1)
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_variants_update AFTER UPDATE ON product_variants BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        SELECT OLD.owner_id, 1 UNION SELECT NEW.owner_id, 1 UNION SELECT 0, 1 WHERE true
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_variants_delete AFTER DELETE ON product_variants BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        VALUES (OLD.owner_id, 1), (0, 1)
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_images_insert AFTER INSERT ON product_images BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        SELECT owner_id, 1 FROM products WHERE id = NEW.product_id
        UNION ALL SELECT 0, 1 WHERE true
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_images_update AFTER UPDATE ON product_images BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        SELECT owner_id, 1 FROM products WHERE id IN (OLD.product_id, NEW.product_id)
        UNION ALL SELECT 0, 1 WHERE true
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;

CREATE TRIGGER catalogue_images_delete AFTER DELETE ON product_images BEGIN
    INSERT INTO catalogue_stamps (owner_id, stamp)
        SELECT owner_id, 1 FROM products WHERE id = OLD.product_id
        UNION ALL SELECT 0, 1 WHERE true
        ON CONFLICT (owner_id) DO UPDATE SET stamp = stamp + 1;
END;
