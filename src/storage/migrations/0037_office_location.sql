-- Where an office is (issue 21): WGS84 latitude and longitude in degrees, optional (an office
-- file may leave them out). A desk with no free place suggests desks of the same kind at the
-- nearest offices (src/domain/catalog/nearby.ts); offices without a location come after,
-- those of the same province first. Both or neither: half a position is no position.
ALTER TABLE office
  ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  ADD CONSTRAINT office_location_whole CHECK ((latitude IS NULL) = (longitude IS NULL));
