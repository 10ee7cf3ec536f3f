/**
 * ApexClass rows, and setup objects of the permission model that Apex code inserts in tests (Object Reference for the Salesforce
 * Platform, "ObjectPermissions", "FieldPermissions", "PermissionSet"): a test creates a permission set, grants it
 * object and field permissions and assigns it to a user. The rows an org already holds for these objects (those of
 * every profile's and package's permission sets) are not modelled, so a query on them is
 * `not supported by apexrt` (`unmodelledRows`) rather than an answer that leaves those rows out.
 */
import { FieldSchema, makeField, picklist } from './model';
import type { StandardObjectSpec } from './standard-objects';

const f = makeField;
const flag = (name: string): FieldSchema => f(name, 'boolean', { defaultValue: false });
const parent = (): FieldSchema =>
    f('ParentId', 'reference', {
        referenceTo: ['PermissionSet'],
        relationshipName: 'Parent',
        required: true,
        updateable: false,
        deleteConstraint: 'Cascade'
    });

export const SETUP_KEY_PREFIXES: Readonly<Record<string, string>> = {
    // Object Reference, "Standard Field Record ID Prefix Decoder".
    ObjectPermissions: '110',
    FieldPermissions: '01k',
    ApexClass: '01p',
    StaticResource: '081',
    QueueSobject: '03g',
    // Not given by the decoder; apexrt's own prefix for PlatformCachePartition rows (code must not depend on it).
    PlatformCachePartition: '0Ev',
    // Not checked against the decoder; apexrt's own prefixes (code must not depend on them).
    PermissionSetGroup: '0PG',
    PermissionSetGroupComponent: '0PH'
};

export const SETUP_OBJECTS: readonly StandardObjectSpec[] = [
    {
        // Object Reference, "PlatformCachePartition": one row per Platform Cache partition of the org (DeveloperName,
        // MasterLabel, NamespacePrefix, IsDefaultPartition, Description). Seeded from the project's cachePartitions
        // metadata (data-bridge/org-config.ts); read-only to Apex.
        name: 'PlatformCachePartition',
        label: 'Platform Cache Partition',
        labelPlural: 'Platform Cache Partitions',
        owned: false,
        dmlAllowed: false,
        fields: [
            f('DeveloperName', 'string', { length: 80, createable: false, updateable: false }),
            f('MasterLabel', 'string', { length: 80, createable: false, updateable: false }),
            f('NamespacePrefix', 'string', { length: 15, createable: false, updateable: false }),
            f('IsDefaultPartition', 'boolean', { defaultValue: false, createable: false, updateable: false }),
            f('Description', 'textarea', { length: 1000, createable: false, updateable: false })
        ]
    },
    {
        // Object Reference, "ApexClass": one row per Apex class of the org, visible to tests without SeeAllData
        // (Apex Developer Guide, "Isolation of Test Data from Organization Data in Unit Tests"). Seeded from the
        // project's top-level classes (data-bridge/apex-class-rows.ts); read-only to Apex.
        name: 'ApexClass',
        label: 'Apex Class',
        labelPlural: 'Apex Classes',
        owned: false,
        dmlAllowed: false,
        fields: [
            f('Name', 'string', { length: 255, createable: false, updateable: false }),
            f('NamespacePrefix', 'string', { length: 15, createable: false, updateable: false }),
            f('ApiVersion', 'double', { precision: 18, scale: 1, createable: false, updateable: false }),
            f('Status', 'picklist', {
                picklistValues: picklist(['Inactive', 'Active', 'Deleted']),
                createable: false,
                updateable: false
            }),
            f('IsValid', 'boolean', { createable: false, updateable: false }),
            f('Body', 'textarea', { length: 1_000_000, createable: false, updateable: false })
        ]
    },
    {
        // Object Reference, "StaticResource": one row per static resource of the org (Name, Body, BodyLength,
        // ContentType, CacheControl, Description, NamespacePrefix). Seeded from the project's staticresources
        // folder (data-bridge/static-resources.ts); read-only to Apex.
        name: 'StaticResource',
        label: 'Static Resource',
        labelPlural: 'Static Resources',
        owned: false,
        dmlAllowed: false,
        fields: [
            f('Name', 'string', { length: 255, createable: false, updateable: false }),
            f('NamespacePrefix', 'string', { length: 15, createable: false, updateable: false }),
            f('ContentType', 'string', { length: 120, createable: false, updateable: false }),
            f('Body', 'base64', { createable: false, updateable: false }),
            f('BodyLength', 'int', { precision: 9, scale: 0, createable: false, updateable: false }),
            f('CacheControl', 'picklist', {
                picklistValues: picklist(['Private', 'Public']),
                createable: false,
                updateable: false
            }),
            f('Description', 'textarea', { length: 255, createable: false, updateable: false })
        ]
    },
    {
        // Object Reference, "QueueSobject": the object types a queue (a Group of Type Queue) can own, one row per
        // queue and type (QueueId, SobjectType). A test inserts them with its queues; data-bridge validation lets a
        // queue own a record only of a type it lists (save-validation.ts).
        name: 'QueueSobject',
        label: 'Queue Sobject',
        labelPlural: 'Queue Sobjects',
        owned: false,
        dmlAllowed: true,
        fields: [
            f('QueueId', 'reference', {
                referenceTo: ['Group'],
                relationshipName: 'Queue',
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            f('SobjectType', 'string', { length: 80, required: true, updateable: false })
        ]
    },
    {
        // Object Reference, "PermissionSetGroup": a group of permission sets (DeveloperName, MasterLabel,
        // Description, HasActivationRequired, Status: Updated, Outdated, Updating or Failed). Seeded from the
        // project's permissionsetgroups metadata; Apex may add or remove its components
        // (data-bridge/permission-set-groups.ts). Creating groups from Apex is not modelled.
        name: 'PermissionSetGroup',
        label: 'Permission Set Group',
        labelPlural: 'Permission Set Groups',
        owned: false,
        dmlAllowed: true,
        dmlNotModelled: 'the aggregate permission set the platform keeps for each group',
        fields: [
            f('DeveloperName', 'string', { length: 80, required: true }),
            f('MasterLabel', 'string', { length: 80, required: true }),
            f('NamespacePrefix', 'string', { length: 15, createable: false, updateable: false }),
            f('Description', 'textarea', { length: 255 }),
            f('HasActivationRequired', 'boolean', { defaultValue: false }),
            f('Status', 'picklist', {
                picklistValues: picklist(['Updated', 'Outdated', 'Updating', 'Failed']),
                createable: false,
                updateable: false
            })
        ]
    },
    {
        // Object Reference, "PermissionSetGroupComponent": the junction of a group and one of its permission sets
        // (create, delete, query; no update). A muting permission set as component is not modelled.
        name: 'PermissionSetGroupComponent',
        label: 'Permission Set Group Component',
        labelPlural: 'Permission Set Group Components',
        owned: false,
        dmlAllowed: true,
        fields: [
            f('PermissionSetGroupId', 'reference', {
                referenceTo: ['PermissionSetGroup'],
                relationshipName: 'PermissionSetGroup',
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            }),
            f('PermissionSetId', 'reference', {
                referenceTo: ['PermissionSet'],
                relationshipName: 'PermissionSet',
                required: true,
                updateable: false,
                deleteConstraint: 'Cascade'
            })
        ]
    },
    {
        name: 'ObjectPermissions',
        label: 'Object Permissions',
        labelPlural: 'Object Permissions',
        owned: false,
        dmlAllowed: true,
        unmodelledRows: "the org's object permissions of profiles and permission sets",
        fields: [
            parent(),
            f('SobjectType', 'string', { length: 80, required: true, updateable: false }),
            flag('PermissionsCreate'),
            flag('PermissionsRead'),
            flag('PermissionsEdit'),
            flag('PermissionsDelete'),
            flag('PermissionsViewAllRecords'),
            flag('PermissionsModifyAllRecords')
        ]
    },
    {
        name: 'FieldPermissions',
        label: 'Field Permissions',
        labelPlural: 'Field Permissions',
        owned: false,
        dmlAllowed: true,
        unmodelledRows: "the org's field permissions of profiles and permission sets",
        fields: [
            parent(),
            f('SobjectType', 'string', { length: 80, required: true, updateable: false }),
            // `Object.Field`, e.g. Account.Name.
            f('Field', 'string', { length: 120, required: true, updateable: false }),
            flag('PermissionsRead'),
            flag('PermissionsEdit')
        ]
    }
];
