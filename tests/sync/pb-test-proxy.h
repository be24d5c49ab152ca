/* pb-test-proxy.h
 *
 * A small HTTP/1.1 proxy between the desktop client and the server, for
 * faults at the boundary: it forwards requests and answers unchanged,
 * except the one it was told to lose — that request reaches the server,
 * the server's whole answer is read, and the client's connection is closed
 * without it, as when a connection drops after the server committed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _TestProxy TestProxy;

TestProxy  *test_proxy_new            (const char *upstream_url);
const char *test_proxy_get_url        (TestProxy  *proxy);
/* The next request with @method and @path (without its query) loses its
 * answer. */
void        test_proxy_lose_answer    (TestProxy  *proxy,
                                       const char *method,
                                       const char *path);
/* Answers lost so far; requests with @method and @path seen so far. */
guint       test_proxy_get_lost       (TestProxy  *proxy);
/* Answers that carried Idempotent-Replayed: true. */
guint       test_proxy_get_replayed   (TestProxy  *proxy);
/* Holds every answer to @method @path for @delay_ms before passing it on:
 * a slow network, so that a test can act between two requests. */
void        test_proxy_delay_answers  (TestProxy  *proxy,
                                       const char *method,
                                       const char *path,
                                       guint       delay_ms);
guint       test_proxy_count_requests (TestProxy  *proxy,
                                       const char *method,
                                       const char *path);
void        test_proxy_free           (TestProxy  *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestProxy, test_proxy_free)

G_END_DECLS
