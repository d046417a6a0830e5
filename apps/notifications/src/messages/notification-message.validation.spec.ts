import { exportCompleted, exportFailed, importCompleted, importFailed } from '../../test/sample-messages';
import { validateNotificationMessage } from './notification-message.validation';

const problemsOf = (data: unknown) => {
  const result = validateNotificationMessage(data);
  return result.ok ? [] : result.problems;
};

describe('validateNotificationMessage', () => {
  it('accepts the messages the producers send', () => {
    for (const message of [
      exportCompleted(),
      exportFailed(),
      importCompleted(),
      importCompleted({ reportPath: null }),
      importFailed(),
    ]) {
      expect(problemsOf(message)).toEqual([]);
    }
  });

  it('names each invalid field', () => {
    expect(problemsOf(exportCompleted({ to: 'not-an-address' }))).toEqual(['to must be a valid e-mail address']);
    expect(problemsOf({ ...exportCompleted(), locale: 'de' })).toEqual([
      expect.stringMatching(/^locale must be one of/),
    ]);
    expect(problemsOf({ ...importCompleted(), counts: { ...importCompleted().counts, rows: -1 } })).toEqual([
      expect.stringMatching(/^counts\.rows must not be less than 0/),
    ]);
    expect(problemsOf({ ...importFailed(), fileErrors: [{ code: 'X' }] })).toEqual([
      expect.stringMatching(/^fileErrors\.0\.message must be a string/),
    ]);
  });

  it('refuses paths outside the files directory', () => {
    for (const filePath of ['../etc/passwd', '/etc/passwd', 'exports/../../x.zip', 'a\\b.zip']) {
      expect(problemsOf(exportCompleted({ filePath }))).toEqual([
        'filePath must be a key of the file store (a relative path)',
      ]);
    }
    expect(problemsOf(exportCompleted({ filePath: 'exports/12/..zip' }))).toEqual([]);
  });

  it('refuses what is not a known message', () => {
    expect(problemsOf(null)).toEqual(['the message must be an object']);
    expect(problemsOf({ type: 'password.reset' })).toEqual([
      expect.stringMatching(/^type must be one of template-export.completed/),
    ]);
  });
});
