import { exportBaseName, exportKey } from './export-files';

describe('export file names', () => {
  it('names the template after its type, target and UTC time', () => {
    expect(exportBaseName('criteria', 12, new Date('2026-11-26T01:33:07.456Z'))).toBe(
      'template-criteria-12-20261126-013307',
    );
    expect(exportBaseName('authorizations', 3, new Date('2026-01-02T23:04:05Z'))).toBe(
      'template-authorizations-3-20260102-230405',
    );
  });

  it('stores each export under its id, so two exports of the same second never collide', () => {
    expect(exportKey(7, 'template-contacts-1-20261126-013307.zip')).toBe(
      'exports/7-template-contacts-1-20261126-013307.zip',
    );
  });
});
