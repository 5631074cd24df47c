/** Seeded synthetic datasets for tests, demos and scale benchmarks. */
export {
  generateMarketplace,
  marketplaceColumnNames,
  marketplaceLabels,
  marketplaceRows,
  resolveMarketplaceOptions,
  MARKETPLACE_CLASSES,
  MARKETPLACE_COLUMN_TYPES,
  type MarketplaceClass,
  type MarketplaceDrift,
  type MarketplaceOptions,
  type MarketplaceRow,
} from './marketplace.js';
export { writeMarketplace, formatFromPath, type SyntheticFormat } from './write.js';
