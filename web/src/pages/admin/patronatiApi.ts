/** The patronati administration's shapes (docs/patronati.md): the server's own, generated. */
import type { ApiItem } from '../../api/client';

export type Patronato = ApiItem<'/api/staff/patronati'>;
export type PatronatoOffice = Patronato['offices'][number];
