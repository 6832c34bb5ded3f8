/**
 * The Salesforce connector: REST API with OAuth 2.0 (client credentials or refresh token), SOQL reads paged by
 * {@code nextRecordsUrl}, and upserts through sObject Collections by an external-id field.
 */
package io.crmsync.worker.connector.salesforce;
