import { DATA_TYPE_SPECS } from '@app/fields';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Locale, NOTIFICATION_TYPES, NotificationMessage, NotificationType } from '@app/queues';
import { formatBytes, formatCount, formatDate, formatNumber, LABELS } from './mail-i18n';

export const LOCALES: Locale[] = ['fr', 'en'];
/** Beside the compiled code: the build copies src/templates into dist (package.json "build"). */
export const TEMPLATES_DIR = join(__dirname, '..', 'templates');

/** What the templates say about the file of the message: attached, or only linked. */
export interface AttachmentInfo {
  attached: boolean;
  /** Not attached because it is over MAIL_ATTACHMENT_MAX_BYTES (else: attached, or the file is gone). */
  tooLarge: boolean;
  fileName: string;
  size: number;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

interface CompiledTemplates {
  subject: Handlebars.TemplateDelegate;
  html: Handlebars.TemplateDelegate;
  text: Handlebars.TemplateDelegate;
}

/**
 * Renders `<type>.<locale>.{subject,html,txt}.hbs` from src/templates. Every template is compiled
 * when the app starts, so a missing or broken one stops the app rather than a delivery.
 */
@Injectable()
export class MailRenderer {
  private readonly templates = new Map<string, CompiledTemplates>();
  private readonly layouts = new Map<Locale, Handlebars.TemplateDelegate>();

  constructor() {
    this.load(TEMPLATES_DIR);
  }

  render(message: NotificationMessage, attachment: AttachmentInfo | null): RenderedMail {
    const compiled = this.templates.get(key(message.type, message.locale));
    if (!compiled) throw new Error(`No e-mail template for ${message.type} in locale ${message.locale}`);
    const context = buildContext(message, attachment);
    const subject = compiled
      .subject(context)
      .replace(/[ \t\r\n]+/g, ' ')
      .trim();
    const body = compiled.html(context);
    const html = this.layouts.get(message.locale)!({ ...context, subject, body });
    const text =
      compiled
        .text(context)
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n';
    return { subject, html, text };
  }

  private load(dir: string): void {
    for (const locale of LOCALES) {
      const handlebars = instanceFor(locale);
      const read = (name: string) => {
        const path = join(dir, name);
        if (!existsSync(path)) throw new Error(`E-mail template ${path} is missing`);
        return readFileSync(path, 'utf8');
      };
      this.layouts.set(locale, handlebars.compile(read('layout.html.hbs'), { strict: true }));
      for (const type of NOTIFICATION_TYPES) {
        const base = `${type}.${locale}`;
        this.templates.set(key(type, locale), {
          subject: handlebars.compile(read(`${base}.subject.hbs`), { noEscape: true }),
          html: handlebars.compile(read(`${base}.html.hbs`)),
          text: handlebars.compile(read(`${base}.txt.hbs`), { noEscape: true }),
        });
      }
    }
  }
}

const key = (type: NotificationType, locale: Locale) => `${type}.${locale}`;

/** One Handlebars environment per locale, its helpers formatting for that locale. */
function instanceFor(locale: Locale): typeof Handlebars {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('number', (value: number) => formatNumber(value, locale));
  handlebars.registerHelper('count', (value: number, one: string, other: string) =>
    formatCount(value, locale, one, other),
  );
  handlebars.registerHelper('bytes', (value: number) => formatBytes(value, locale));
  handlebars.registerHelper('date', (value: string) => formatDate(value, locale));
  handlebars.registerHelper('gt', (a: number, b: number) => a > b);
  return handlebars;
}

/** The message plus what the templates should not compute: labels, flags, leftovers. */
export function buildContext(message: NotificationMessage, attachment: AttachmentInfo | null): Record<string, unknown> {
  const labels = LABELS[message.locale];
  const common = {
    ...message,
    dataTypeLabel: labels.dataType[message.dataType],
    // What a [new] cell of this data type holds, as the field-kind registry words it.
    editHint: DATA_TYPE_SPECS[message.dataType].editHint[message.locale],
    attachment,
  };
  switch (message.type) {
    case 'import.completed': {
      const { counts } = message;
      return {
        ...common,
        isValidate: message.mode === 'validate',
        isApply: message.mode === 'apply',
        // A report holding only its header row is neither attached nor linked.
        hasIssues: message.issueCount > 0,
        hasErrors: counts.errorRows > 0,
        hasConflicts: counts.conflicts > 0,
        isClean: counts.errorRows === 0 && counts.conflicts === 0,
        issues: message.firstIssues.map((issue) => ({ ...issue, severityLabel: labels.severity[issue.severity] })),
        moreIssues: Math.max(0, message.issueCount - message.firstIssues.length),
      };
    }
    case 'import.failed':
      return { ...common, isValidate: message.mode === 'validate' };
    case 'template-export.completed':
      return { ...common, isWorkbook: message.format === 'xlsx' };
    default:
      return common;
  }
}
