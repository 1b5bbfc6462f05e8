export async function migrateMain(_a: string[], _io: unknown, _l: unknown): Promise<number> { return 2; }
