-- Every transaction that changes a product, its variants or its images leaves a row here:
-- the owner and its own transaction id. A cached API answer remembers the oldest transaction
-- still running when it was read (the snapshot's xmin); it stays valid while no visible row of
-- its owner has a transaction id at or above that mark. Transactions commit out of id order,
-- so a counter would not do; rows of different transactions never wait for each other, so
-- writers do not queue on a shared row. Only the newest row per owner matters; the sweep
-- deletes the others.
CREATE TABLE catalogue_changes (
    owner_id BIGINT NOT NULL,
    xid      BIGINT NOT NULL,
    PRIMARY KEY (owner_id, xid)
);
CREATE INDEX catalogue_changes_xid ON catalogue_changes (xid);

CREATE FUNCTION catalogue_changed(owner BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO catalogue_changes (owner_id, xid)
    VALUES (owner, pg_current_xact_id()::text::bigint)
    ON CONFLICT DO NOTHING
$$;

CREATE FUNCTION catalogue_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM catalogue_changed(OLD.owner_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.owner_id <> OLD.owner_id) THEN
        PERFORM catalogue_changed(NEW.owner_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION catalogue_image_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM catalogue_changed(p.owner_id) FROM products p WHERE p.id = OLD.product_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM catalogue_changed(p.owner_id) FROM products p WHERE p.id = NEW.product_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalogue_products AFTER INSERT OR UPDATE OR DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION catalogue_row_changed();
CREATE TRIGGER catalogue_variants AFTER INSERT OR UPDATE OR DELETE ON product_variants
    FOR EACH ROW EXECUTE FUNCTION catalogue_row_changed();
CREATE TRIGGER catalogue_images AFTER INSERT OR UPDATE OR DELETE ON product_images
    FOR EACH ROW EXECUTE FUNCTION catalogue_image_changed();
