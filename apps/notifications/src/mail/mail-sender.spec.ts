import { permanentRefusal } from './mail-sender';

/** An error shaped as nodemailer's smtp-connection makes it (`_formatError`). */
const smtpError = (code: string, response: string, command: string) =>
  Object.assign(new Error(`Message failed: ${response}`), {
    code,
    response,
    responseCode: Number(response.slice(0, 3)),
    command,
  });

describe('permanentRefusal', () => {
  it('tells a refusal for the size of the message from other permanent refusals', () => {
    const tooLarge = [
      // nodemailer itself, against the SIZE the server announced (no reply, no responseCode)
      Object.assign(new Error('Message size larger than allowed 4096'), { code: 'EMESSAGE', command: 'MAIL FROM' }),
      smtpError('EMESSAGE', '552 5.3.4 Message size exceeds fixed limit', 'DATA'),
      smtpError('EMESSAGE', '552 5.2.3 Message length exceeds administrative limit', 'DATA'),
      smtpError('EMESSAGE', '554 Message too big', 'DATA'),
      // smtp-server's own words (with its enhanced codes on, it pairs 552 with 4.3.1)
      smtpError('EENVELOPE', '552 4.3.1 Error: message exceeds fixed maximum message size 4096', 'MAIL FROM'),
      smtpError('EENVELOPE', '552 Error: message exceeds fixed maximum message size 4096', 'MAIL FROM'),
    ];
    for (const error of tooLarge) expect(permanentRefusal(error)).toMatchObject({ tooLarge: true });

    expect(permanentRefusal(smtpError('EENVELOPE', '552 5.2.2 Mailbox full', 'RCPT TO'))).toEqual({
      reply: '552 5.2.2 Mailbox full',
      tooLarge: false,
    });
    expect(permanentRefusal(smtpError('EMESSAGE', '554 5.7.1 message refused as spam', 'DATA'))).toEqual({
      reply: '554 5.7.1 message refused as spam',
      tooLarge: false,
    });
  });

  it('leaves to the retries a temporary size refusal and any failure that is not about this message', () => {
    expect(
      permanentRefusal(smtpError('EMESSAGE', '452 4.3.1 Insufficient system storage, message size', 'DATA')),
    ).toBeNull();
    expect(
      permanentRefusal(Object.assign(new Error('Message size larger than allowed 4096'), { code: 'ESOCKET' })),
    ).toBeNull();
    expect(permanentRefusal(smtpError('EAUTH', '535 5.7.8 authentication failed', 'AUTH PLAIN'))).toBeNull();
    expect(permanentRefusal(new Error('boom'))).toBeNull();
    expect(permanentRefusal('boom')).toBeNull();
  });
});
