import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { exportFailed } from '../test/sample-messages';
import { NotificationsProcessor } from './notifications.processor';
import type { NotificationsService } from './notifications.service';

describe('NotificationsProcessor', () => {
  it('logs a temporary failure with the recipient’s domain only, also where the reply quotes the address', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const processor = new NotificationsProcessor({} as NotificationsService);
      const job = {
        id: 'template-export.failed:1',
        data: exportFailed({ to: 'Jane.Doe@example.org' }),
        attemptsMade: 1,
        opts: { attempts: 4 },
      } as unknown as Job;
      processor.onFailed(
        job,
        new Error("Can't send mail - all recipients were rejected: 451 4.2.1 <jane.doe@example.org>: mailbox busy"),
      );
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toBe(
        "Notification job template-export.failed:1 to a recipient at example.org failed (attempt 1 of 4): Can't send mail - all recipients were rejected: 451 4.2.1 <…@example.org>: mailbox busy",
      );

      // A message without a recipient (an invalid one) is logged as it is.
      processor.onFailed(
        { ...job, data: {} } as unknown as Job,
        new Error('Invalid notification message: to must be a valid e-mail address'),
      );
      expect(warn.mock.calls[1][0]).toBe(
        'Notification job template-export.failed:1 failed (attempt 1 of 4): Invalid notification message: to must be a valid e-mail address',
      );
    } finally {
      warn.mockRestore();
    }
  });
});
