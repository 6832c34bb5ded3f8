/** Per integration point: where the last successful run ended, so the next incremental run starts there. */
package io.crmsync.scheduler.watermark;
