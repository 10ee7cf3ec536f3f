/**
 * npm run install-urls [-- <alias>]: prints the install links of a package version for production
 * (login.salesforce.com) and sandboxes (test.salesforce.com). The version comes from the package aliases in
 * sfdx-project.json: the newest `<package>@<version>` alias unless one is named.
 */
import fs from 'node:fs';
import path from 'node:path';

export const INSTALL_HOSTS = {
    production: 'https://login.salesforce.com',
    sandbox: 'https://test.salesforce.com'
} as const;

/** A subscriber package version id is 15 or 18 characters and starts with 04t. */
export function isPackageVersionId(id: string): boolean {
    return /^04t[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(id);
}

/** Ids made of zeros are the placeholders kept in sfdx-project.json until `sf package version create` runs. */
export function isPlaceholderId(id: string): boolean {
    return /^04t0+[A-Z]*$/.test(id);
}

export function installUrls(versionId: string): { production: string; sandbox: string } {
    if (!isPackageVersionId(versionId)) throw new Error(`not a package version id (04t…): ${versionId}`);
    const link = (host: string): string => `${host}/packaging/installPackage.apexp?p0=${versionId}`;
    return { production: link(INSTALL_HOSTS.production), sandbox: link(INSTALL_HOSTS.sandbox) };
}

function versionKey(alias: string): number[] {
    const version = alias.slice(alias.lastIndexOf('@') + 1);
    return version.split(/[.-]/).map((part) => Number(part) || 0);
}

/** The alias to use: the one named, or the highest `<package>@x.y.z-n` version alias. */
export function chooseVersionAlias(aliases: Record<string, string>, wanted?: string): string {
    if (wanted) {
        if (!(wanted in aliases)) throw new Error(`no package alias "${wanted}" in sfdx-project.json`);
        return wanted;
    }
    const versions = Object.keys(aliases).filter((a) => a.includes('@'));
    if (versions.length === 0) throw new Error('sfdx-project.json has no package version alias (name@x.y.z-n)');
    const compare = (a: string, b: string): number => {
        const ka = versionKey(a);
        const kb = versionKey(b);
        for (let i = 0; i < Math.max(ka.length, kb.length); i++)
            if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
        return 0;
    };
    return versions.sort(compare)[versions.length - 1];
}

function main(): void {
    const project = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'sfdx-project.json'), 'utf8'));
    const alias = chooseVersionAlias(project.packageAliases ?? {}, process.argv[2]);
    const id = project.packageAliases[alias] as string;
    const urls = installUrls(id);
    console.log(`${alias} (${id})`);
    console.log(`  Production: ${urls.production}`);
    console.log(`  Sandbox:    ${urls.sandbox}`);
    if (isPlaceholderId(id)) {
        console.log(
            '  Note: this id is a placeholder. Create a real version with `sf package version create` (needs a Dev Hub);'
        );
        console.log('        the CLI then records its 04t id under a new alias in sfdx-project.json.');
    }
}

if (require.main === module) main();
