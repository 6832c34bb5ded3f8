/**
 * The Dataverse (Dynamics 365) connector: the Web API (OData v4) with Entra ID client credentials, keyset reads by
 * {@code modifiedon} through {@code $filter}/{@code $orderby} and paging links, and upserts by alternate key in
 * {@code $batch} requests of up to 1000 with per-request results.
 */
package io.crmsync.worker.connector.dynamics;
