/**
 * HubSpot CRM v3 as a source and a target: properties API for describe, the list endpoint for full reads, search
 * for windowed and filtered reads, batch upsert and archive for writes. See {@link
 * io.crmsync.worker.connector.hubspot.HubSpotConnector} for the settings and how eventual consistency is handled.
 */
package io.crmsync.worker.connector.hubspot;
