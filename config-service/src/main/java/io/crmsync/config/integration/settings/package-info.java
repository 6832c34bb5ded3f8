/**
 * Integration-wide settings beyond the switches: conflict policy, account lists, notification recipients and
 * cadences. The REST records double as the stored jsonb shapes; the rules here check what spans fields.
 */
package io.crmsync.config.integration.settings;
