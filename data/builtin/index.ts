/** Builtin datasets: each import registers one (`builtin:NAME`). */
import './spam-assassin.js';
import './marketplace.js';

export {
  findBuiltinDataset,
  getBuiltinDataset,
  listBuiltinDatasets,
  registerBuiltinDataset,
  type BuiltinDataset,
  type BuiltinDatasetData,
} from './registry.js';
export { loadSpamAssassin, stripMailHeaders } from './spam-assassin.js';
