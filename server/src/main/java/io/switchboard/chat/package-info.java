/**
 * Chat: customers write from the tenant's website, a bot may answer first, and agents take chats as work items of
 * the same ACD as calls.
 */
package io.switchboard.chat;
