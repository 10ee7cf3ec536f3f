/**
 * What the generated callout layer needs to know of the package it is generated into: the namespace
 * (sfdx-project.json) and the named credentials the package ships (force-app/main/default/namedCredentials).
 * A named credential of a namespaced package is named `<namespace>__<Name>` (Apex Reference,
 * ConnectApi.NamedCredential: `developerName` is the "fully qualified developer name"), so the client sends
 * `callout:cosell__Partner_Center_Referrals/...` for a packaged credential and leaves any other name (a
 * subscriber's own credential, or a name already qualified) as it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

export interface PackageInfo {
    namespace: string | undefined;
    namedCredentials: string[];
}

export function packageInfo(projectRoot = root): PackageInfo {
    const project = JSON.parse(fs.readFileSync(path.join(projectRoot, 'sfdx-project.json'), 'utf8')) as {
        namespace?: string;
    };
    const dir = path.join(projectRoot, 'force-app', 'main', 'default', 'namedCredentials');
    const namedCredentials = fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith('.namedCredential-meta.xml'))
              .map((f) => f.replace(/\.namedCredential-meta\.xml$/, ''))
              .sort()
        : [];
    return { namespace: project.namespace || undefined, namedCredentials };
}

/** The name a callout URL uses for `name` in this package: packaged credentials get the namespace. */
export function calloutName(info: PackageInfo, name: string): string {
    return info.namespace && info.namedCredentials.includes(name) ? `${info.namespace}__${name}` : name;
}
