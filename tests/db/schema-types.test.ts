// app/db/schema.ts is written by hand beside the migrations. This test holds it to the migrated database: every
// table in schemas public and private has an entry in `Database` and every entry a table, every column exists on
// both sides, and a column that may be null is typed so (what a select reads includes `null`) and one that may not is
// not. schema.ts is read with the TypeScript compiler API: its type checker lists the tables and their columns
// (interfaces, extends and all); whether a column's type admits null is read from its type's syntax, following
// schema.ts's own aliases, because the checker cannot tell `JsonValue` (JSON's null, a value) from
// `JsonValue | null` (SQL null): the two are one type to it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schemaFile = path.join(root, "app", "db", "schema.ts");

/** Wrappers whose first type argument is what a select reads (Kysely's ColumnType<Select, Insert, Update>). */
const SELECTED_FIRST = new Set(["ColumnType", "Generated", "GeneratedAlways", "ReadOnly"]);
/** JSON values: their null is JSON's, stored in a jsonb value, not SQL null. */
const JSON_VALUES = new Set(["JsonValue", "JsonPrimitive"]);

/** Table name as Kysely spells it ("needs", "private.people") → column → whether its select type admits null. */
type Tables = Map<string, Map<string, boolean>>;

function declaredTables(): Tables {
  const program = ts.createProgram([schemaFile], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  if (!source) throw new Error(`TypeScript could not read ${schemaFile}`);
  const database = source.statements.find(
    (node): node is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(node) && node.name.text === "Database",
  );
  if (!database) throw new Error("app/db/schema.ts has no `interface Database`");

  const admitsNull = (node: ts.TypeNode): boolean => {
    if (ts.isParenthesizedTypeNode(node)) return admitsNull(node.type);
    if (ts.isUnionTypeNode(node)) return node.types.some(admitsNull);
    if (ts.isLiteralTypeNode(node)) return node.literal.kind === ts.SyntaxKind.NullKeyword;
    if (!ts.isTypeReferenceNode(node)) return false;
    const name = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    if (SELECTED_FIRST.has(name)) return node.typeArguments ? admitsNull(node.typeArguments[0]) : false;
    if (JSON_VALUES.has(name)) return false;
    const alias = checker.getSymbolAtLocation(node.typeName)?.declarations?.find(ts.isTypeAliasDeclaration);
    return alias ? admitsNull(alias.type) : false;
  };

  const tables: Tables = new Map();
  for (const table of checker.getTypeAtLocation(database).getProperties()) {
    const columns = new Map<string, boolean>();
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      const declaration = column.valueDeclaration;
      if (!declaration || !ts.isPropertySignature(declaration) || !declaration.type) {
        throw new Error(`${table.name}.${column.name} in app/db/schema.ts has no written type`);
      }
      columns.set(column.name, admitsNull(declaration.type));
    }
    tables.set(table.name, columns);
  }
  return tables;
}

async function databaseTables(db: TestDatabase): Promise<Tables> {
  const { rows } = await sql<{ schema: string; table: string; column: string; nullable: boolean }>`
    select n.nspname as schema, c.relname as table, a.attname as column, not a.attnotnull as nullable
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname in ('public', 'private')
      and c.relkind in ('r', 'p')
      and not c.relispartition
      -- tables an extension created are the extension's, not the app's
      and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    order by 1, 2, a.attnum
  `.execute(db.admin);
  const tables: Tables = new Map();
  for (const row of rows) {
    const name = row.schema === "public" ? row.table : `${row.schema}.${row.table}`;
    if (!tables.has(name)) tables.set(name, new Map());
    tables.get(name)!.set(row.column, row.nullable);
  }
  return tables;
}

const only = <T>(a: Iterable<T>, b: { has(key: T): boolean }) => [...a].filter((key) => !b.has(key)).sort();

describe("app/db/schema.ts against the migrated database", () => {
  let db: TestDatabase;
  let declared: Tables;
  let actual: Tables;

  beforeAll(async () => {
    db = await createTestDatabase();
    actual = await databaseTables(db);
    declared = declaredTables();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("reads both sides", () => {
    expect(actual.size).toBeGreaterThan(30);
    expect(declared.get("needs")?.get("title")).toBe(false);
    expect(declared.get("needs")?.get("theme_id")).toBe(true);
    expect(declared.get("private.jobs")?.get("result")).toBe(true); // JsonValue | null
    expect(declared.get("private.imports")?.get("columns")).toBe(false); // JsonValue
  });

  it("has an entry in Database for every table, and a table for every entry", () => {
    expect({
      missingFromSchemaTs: only(actual.keys(), declared),
      notInDatabase: only(declared.keys(), actual),
    }).toEqual({
      missingFromSchemaTs: [],
      notInDatabase: [],
    });
  });

  it("has the same columns on both sides", () => {
    const differences: string[] = [];
    for (const [table, columns] of actual) {
      const typed = declared.get(table);
      if (!typed) continue;
      for (const column of only(columns.keys(), typed))
        differences.push(`${table}.${column}: missing from schema.ts`);
      for (const column of only(typed.keys(), columns))
        differences.push(`${table}.${column}: not in the database`);
    }
    expect(differences).toEqual([]);
  });

  it("types a column `| null` exactly when the database lets it be null", () => {
    const differences: string[] = [];
    for (const [table, columns] of actual) {
      for (const [column, nullable] of columns) {
        const typed = declared.get(table)?.get(column);
        if (typed === undefined || typed === nullable) continue;
        differences.push(
          nullable
            ? `${table}.${column}: nullable, but not typed | null`
            : `${table}.${column}: not null, but typed | null`,
        );
      }
    }
    expect(differences).toEqual([]);
  });
});
