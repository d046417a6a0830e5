import { Entity, Index, PrimaryColumn } from 'typeorm';

/** One value of one criterion held by a contact; criterion_id is kept to find "no value" fast. */
@Entity('contact_criterion_values')
@Index('idx_ccv_value', ['valueId', 'contactId'])
@Index('idx_ccv_criterion', ['criterionId', 'contactId'])
export class ContactCriterionValue {
  @PrimaryColumn({ name: 'contact_id', unsigned: true })
  contactId: number;

  @PrimaryColumn({ name: 'criterion_id', unsigned: true })
  criterionId: number;

  @PrimaryColumn({ name: 'value_id', unsigned: true })
  valueId: number;
}
