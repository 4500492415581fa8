export * from './types';
export { readUnitAttrs, writeUnitProps, parseUnitType, typeFromFullName } from './attributes';
export { coverageFromFeatures, type PolygonalFeature, type BuildOptions } from './from-geojson';
export { unitToFeature, coverageToFeatureCollection, type UnitFeature } from './to-geojson';
export { arcUsage, singleArcs, neighboursOf, type Neighbour, type ArcUsage } from './arc-usage';
