package io.crmsync.config.filter;

import java.util.List;

/** A node of a parsed query object rule (filter). Field names are dot paths as written, e.g. {@code Owner.Name}. */
public sealed interface FilterNode {

    /** Every operand holds (AND); two or more operands. */
    record And(List<FilterNode> operands) implements FilterNode {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** Some operand holds (OR); two or more operands. */
    record Or(List<FilterNode> operands) implements FilterNode {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** The operand does not hold. */
    record Not(FilterNode operand) implements FilterNode {
    }

    /** {@code field <operator> value}. */
    record Comparison(String field, Operator operator, FilterValue value) implements FilterNode {
    }

    /** {@code field [NOT] IN (values)}; at least one value. */
    record In(String field, boolean negated, List<FilterValue> values) implements FilterNode {
        public In {
            values = List.copyOf(values);
        }
    }

    /** {@code field [NOT] LIKE pattern}: {@code %} any run, {@code _} one character, backslash escapes. */
    record Like(String field, boolean negated, String pattern) implements FilterNode {
    }

    /** {@code field IS [NOT] NULL}; {@code negated} for IS NOT NULL. */
    record NullCheck(String field, boolean negated) implements FilterNode {
    }

    /** The comparison operators, with the symbol shown in messages. */
    enum Operator {
        EQUAL("="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
