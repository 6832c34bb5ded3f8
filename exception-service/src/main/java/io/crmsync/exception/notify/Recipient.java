package io.crmsync.exception.notify;

/** Someone told about an integration's exception messages, as config-service lists them. */
record Recipient(Channel channel, String address) {

    enum Channel {
        EMAIL, WEBHOOK
    }
}
