import { InitialSchema1795656567136 } from './1795656567136-InitialSchema';

// Migrations run in this order; add new ones at the end.
export const MIGRATIONS: Function[] = [InitialSchema1795656567136];
