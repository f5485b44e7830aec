-- Citizen experience (issue 21).

-- Competence: the comuni an office serves besides its own town (office file `serves`); every
-- other comune of a province is served by the office in its capital (domain/catalog/competence.ts).
ALTER TABLE office ADD COLUMN serves text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(serves) <= 500);
