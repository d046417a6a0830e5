import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A contact's answer to one authorization. No row means empty (never asked). */
@Entity('contact_authorizations')
@Index('idx_ca_authorization', ['authorizationId', 'value', 'contactId'])
export class ContactAuthorization {
  @PrimaryColumn({ name: 'contact_id', unsigned: true })
  contactId: number;

  @PrimaryColumn({ name: 'authorization_id', unsigned: true })
  authorizationId: number;

  @Column({ type: 'boolean' })
  value: boolean;
}
