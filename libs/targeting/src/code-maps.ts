// The code maps are read by CodesRepository (libs/database); kept here under their old names for the
// export and the import, which load them with loadCodeMaps(dataSource, institutionId).
export type { CodeMaps, CriterionCodes } from '@app/database';
export { loadCodeMaps } from '@app/database';
