// Kysely table types for the migrations in supabase/migrations. Keep in step with the SQL.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
