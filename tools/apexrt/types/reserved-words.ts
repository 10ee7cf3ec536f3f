/**
 * Apex's reserved keywords, which "can be used only as keywords" (Apex Developer Guide, "Reserved Keywords",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_reserved_words.htm): a variable,
 * parameter, field, property or method named by one does not compile. The parser accepts many of them as names
 * (its grammar lets keywords such as `time`, `from` or `select` stand as identifiers), so the checker refuses
 * them. Method names are refused only for the words apex-ls (the semantic gate, scripts/gates/apex-semantics.ts)
 * also refuses there: the platform compiles the others as method names, and apex-ls only warns about them.
 * The wording of the platform's compile error is not documented: the message says what the rule is.
 */
const RESERVED = new Set(
    (
        'abstract activate and any array as asc autonomous begin bigdecimal blob boolean break bulk by byte case cast ' +
        'catch char class collect commit const continue currency date datetime decimal default delete desc do double ' +
        'else end enum exception exit export extends false final finally float for from global goto group having ' +
        'hint if implements import in inner insert instanceof int integer interface into join like limit list long ' +
        'loop map merge new not null nulls number object of on or outer override package parallel pragma private ' +
        'protected public retrieve return rollback select set short sobject sort static string super switch ' +
        'synchronized system testmethod then this throw time transaction trigger true try undelete update upsert ' +
        'using virtual void webservice when where while'
    ).split(' ')
);

/** Reserved words a method may still be named by (apex-ls: "currently a legal method name"). */
const LEGAL_METHOD_NAMES = new Set(
    (
        'activate any array autonomous begin bigdecimal blob boolean byte case cast char collect const currency date ' +
        'datetime decimal default double end exception exit export float goto group hint import inner integer int ' +
        'into join long loop number object of outer package parallel pragma retrieve rollback set short sobject sort ' +
        'string switch synchronized system then time transaction void when'
    ).split(' ')
);

/** The compile error of a declared name that is a reserved keyword (case-insensitive, as Apex is), or null. */
export function reservedNameProblem(name: string, kind: 'variable' | 'method'): string | null {
    const word = name.toLowerCase();
    if (!RESERVED.has(word) || (kind === 'method' && LEGAL_METHOD_NAMES.has(word))) return null;
    return `Reserved keyword used as an identifier: ${name} (Apex Developer Guide, "Reserved Keywords")`;
}
