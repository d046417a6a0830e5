import { exportCompleted, exportFailed, importCompleted, importFailed, LOCALES } from '../../test/sample-messages';
import { formatCount } from './mail-i18n';
import { MailRenderer } from './mail-renderer';

describe('MailRenderer', () => {
  const renderer = new MailRenderer();
  const attached = { attached: true, tooLarge: false, fileName: 'jazz-lovers-criteria.zip', size: 1234 };
  const linked = { attached: false, tooLarge: true, fileName: 'jazz-lovers-criteria.zip', size: 50 * 1024 * 1024 };
  const gone = { attached: false, tooLarge: false, fileName: 'jazz-lovers-criteria.zip', size: 1234 };

  it('says which target and how many contacts in the subject of a ready template', () => {
    const nbsp = '\u202f'; // the French thousands separator
    expect(renderer.render(exportCompleted(), attached).subject).toBe(
      `Votre modèle d'import « Jazz lovers » est prêt (2${nbsp}000 contacts)`,
    );
    expect(renderer.render(exportCompleted({ locale: 'en' }), attached).subject).toBe(
      'Your import template "Jazz lovers" is ready (2,000 contacts)',
    );
    expect(renderer.render(exportCompleted({ rowCount: 1 }), attached).subject).toContain('(1 contact)');
  });

  it('tells the user what to do next and always shows the link', () => {
    for (const [info, fr] of [
      [attached, 'est joint à ce message'],
      [linked, 'trop volumineux pour être joint'],
      [gone, 'Téléchargez le fichier'],
    ] as const) {
      const mail = renderer.render(exportCompleted(), info);
      for (const part of [mail.html, mail.text]) {
        expect(part).toContain(fr);
        expect(part).toContain('http://localhost:3002/downloads/abc.def');
        expect(part).toContain('[new]');
        expect(part).toMatch(/importez-le d'abord pour le faire (<strong>)?vérifier/);
        // Words for a marketing person: no mode names, no internal ids.
        expect(part).not.toMatch(/validate|apply|Export n°|cible n°/);
      }
    }
    expect(renderer.render(exportCompleted(), linked).text).toMatch(/\(50\sMo\)/);
  });

  it('says when a correct file changes nothing, and links no empty report', () => {
    const clean = { rows: 10, validRows: 10, errorRows: 0, changes: 0, unchanged: 10, conflicts: 0, applied: 0 };
    for (const locale of ['fr', 'en'] as const) {
      const nothing = importCompleted({ locale, counts: clean, firstIssues: [], issueCount: 0 });
      const { text, html } = renderer.render(nothing, null);
      expect(text).toMatch(locale === 'fr' ? /Il n'y a rien à appliquer/ : /There is nothing to apply/);
      expect(text).not.toMatch(/0 (modification|change|valeur|value)/);
      expect(text + html).not.toContain(nothing.reportUrl);
    }
    const some = importCompleted({ locale: 'fr', counts: { ...clean, changes: 1 }, firstIssues: [], issueCount: 0 });
    expect(renderer.render(some, null).text).toContain('1 valeur sera mise à jour');
  });

  it('speaks of the workbook when the template is one', () => {
    const csv = renderer.render(exportCompleted({ locale: 'en' }), attached).text;
    const xlsx = renderer.render(exportCompleted({ locale: 'en', format: 'xlsx' }), attached).text;
    expect(csv).toContain('open the CSV file inside it');
    expect(xlsx).toContain('open the workbook (.xlsx) inside it');
    expect(xlsx).toContain('Save the workbook as it is');
    expect(xlsx).not.toContain('CSV');
  });

  it('escapes user data in HTML but not in the text part', () => {
    const mail = renderer.render(exportCompleted({ targetName: '<b>Rock & Roll</b>' }), attached);
    expect(mail.html).toContain('&lt;b&gt;Rock &amp; Roll&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Rock');
    expect(mail.text).toContain('« <b>Rock & Roll</b> »');
    expect(mail.subject).toContain('<b>Rock & Roll</b>');
  });

  it('summarises an import with its counts, its first issues and the rest left in the report', () => {
    const mail = renderer.render(importCompleted({ locale: 'en' }), {
      attached: true,
      tooLarge: false,
      fileName: 'report.csv',
      size: 300,
    });
    expect(mail.subject).toBe('File "jazz-lovers-criteria.csv" checked: 3 rows with errors out of 1,500');
    expect(mail.text).toContain('- Rows read: 1,500');
    expect(mail.text).toContain('- Rows with errors: 3');
    expect(mail.text).toContain('line 14, contact 1013, column [new] GENRE: error: JAZ is not a value of GENRE');
    expect(mail.text).toContain('… and 2 more in the report.');
    expect(mail.html).toContain('<td>[new] NEWSLETTER</td>');
    expect(mail.text).not.toContain('Values updated');

    const applied = renderer.render(
      importCompleted({
        mode: 'apply',
        status: 'completed',
        counts: { rows: 10, validRows: 10, errorRows: 0, changes: 4, unchanged: 6, conflicts: 0, applied: 4 },
        firstIssues: [],
        issueCount: 0,
      }),
      null,
    );
    expect(applied.subject).toBe('Import de « jazz-lovers-criteria.csv » terminé : 4 valeurs mises à jour');
    expect(applied.text).toContain('- Valeurs mises à jour : 4');
  });

  it('renders every type in every locale, with an HTML and a text part', () => {
    for (const locale of LOCALES) {
      for (const message of [
        exportCompleted({ locale }),
        exportFailed({ locale }),
        importCompleted({ locale }),
        importFailed({ locale }),
      ]) {
        const mail = renderer.render(message, null);
        expect(mail.subject.length).toBeGreaterThan(10);
        expect(mail.subject).not.toMatch(/\n|undefined|\{\{/);
        expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html lang="${locale}">`));
        expect(mail.text).not.toMatch(/<[a-z]|undefined|\{\{/);
      }
    }
    expect(renderer.render(importFailed({ locale: 'en' }), null).text).toContain(
      '- The header has no contact_id column',
    );
    expect(renderer.render(exportFailed(), null).subject).toBe(
      "Le modèle d'import « Jazz lovers » n'a pas pu être créé",
    );
  });

  it('uses the plural rules of each language', () => {
    expect(formatCount(0, 'fr', 'ligne', 'lignes')).toBe('0 ligne');
    expect(formatCount(0, 'en', 'row', 'rows')).toBe('0 rows');
    expect(formatCount(1, 'en', 'row', 'rows')).toBe('1 row');
  });
});
