/**
 * Field rules: what a target field's value is made of. One implementation shared by config-service (which checks
 * rules when they are saved and validated) and transfer-worker (which applies them), so a rule that passes its
 * checks behaves as checked.
 */
package io.crmsync.rules;
