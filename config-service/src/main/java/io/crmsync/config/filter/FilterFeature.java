package io.crmsync.config.filter;

/** A construct a filter may use; connectors refuse some of them (see {@link FilterCapabilities}). */
enum FilterFeature {
    /** Any filter at all. */
    ANY("a filter"),
    /** OR below an AND or a NOT, e.g. {@code A = 1 AND (B = 2 OR C = 3)}. */
    NESTED_OR("OR inside AND or NOT"),
    NOT("NOT"),
    NOT_IN("NOT IN"),
    /** LIKE with a pattern that only anchors text: {@code 'A%'}, {@code '%a'}, {@code '%a%'} or no wildcard. */
    LIKE_ANCHORED("LIKE"),
    /** LIKE with {@code _} or a {@code %} inside the text, e.g. {@code 'A%b'} or {@code 'A_'}. */
    LIKE_PATTERN("a LIKE pattern with _ or with % inside the text"),
    NOT_LIKE("NOT LIKE"),
    /** A field of a related object, e.g. {@code Owner.Name}. */
    DOT_PATH("a dot path to a related object's field"),
    /** A path through more than one related object, e.g. {@code Account.Owner.Name}. */
    DEEP_DOT_PATH("a dot path through more than one related object"),
    /** A path through more than five related objects. */
    DOT_PATH_BEYOND_FIVE("a dot path through more than five related objects");

    private final String label;

    FilterFeature(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
