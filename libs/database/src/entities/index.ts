import { ApiKey } from './api-key.entity';
import { Authorization } from './authorization.entity';
import { ContactAuthorization } from './contact-authorization.entity';
import { ContactCriterionValue } from './contact-criterion-value.entity';
import { Contact } from './contact.entity';
import { CriterionValue } from './criterion-value.entity';
import { Criterion } from './criterion.entity';
import { ImportChange } from './import-change.entity';
import { ImportIssue } from './import-issue.entity';
import { Import } from './import.entity';
import { Institution } from './institution.entity';
import { Notification } from './notification.entity';
import { Target } from './target.entity';
import { TemplateExport } from './template-export.entity';

export * from './api-key.entity';
export * from './authorization.entity';
export * from './contact-authorization.entity';
export * from './contact-criterion-value.entity';
export * from './contact.entity';
export * from './criterion-value.entity';
export * from './criterion.entity';
export * from './import-change.entity';
export * from './import-issue.entity';
export * from './import.entity';
export * from './institution.entity';
export * from './notification.entity';
export * from './target.entity';
export * from './template-export.entity';

export const ENTITIES = [
  Institution,
  ApiKey,
  Contact,
  Criterion,
  CriterionValue,
  ContactCriterionValue,
  Authorization,
  ContactAuthorization,
  Target,
  TemplateExport,
  Import,
  ImportIssue,
  ImportChange,
  Notification,
];
