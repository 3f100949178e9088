/**
 * Cases (tickets): a customer's request kept until it is closed, in a department's backlog or with an owner,
 * forwarded between departments, escalated to superiors by hand or when its due time passes, with every change in
 * its history. Rows in the store of record behind {@link io.switchboard.cases.CaseStore}; the directory is read for
 * superiors only. docs/cases.md.
 */
package io.switchboard.cases;
