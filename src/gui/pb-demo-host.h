/* pb-demo-host.h
 *
 * `pix-bureau --demo`: the server's own code serving a copy of the demo
 * school on a loopback port, in a thread of its own, for as long as the
 * application runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_DEMO_HOST_ERROR (pb_demo_host_error_quark ())

typedef enum
{
  PB_DEMO_HOST_ERROR_NO_SCHOOL,   /* the demo school is not installed */
  PB_DEMO_HOST_ERROR_FAILED,      /* it could not be copied or served */
} PbDemoHostError;

#define PB_TYPE_DEMO_HOST (pb_demo_host_get_type ())

G_DECLARE_FINAL_TYPE (PbDemoHost, pb_demo_host, PB, DEMO_HOST, GObject)

GQuark      pb_demo_host_error_quark         (void);

PbDemoHost *pb_demo_host_new                 (void);
void        pb_demo_host_start_async         (PbDemoHost           *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean    pb_demo_host_start_finish        (PbDemoHost           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
gboolean    pb_demo_host_is_running          (PbDemoHost           *self);
const char *pb_demo_host_get_url             (PbDemoHost           *self);
const char *pb_demo_host_get_referent_email  (PbDemoHost           *self);
const char *pb_demo_host_get_referent_password (PbDemoHost         *self);
const char *pb_demo_host_get_school_name     (PbDemoHost           *self);
const char *pb_demo_host_get_dir             (PbDemoHost           *self);
void        pb_demo_host_stop                (PbDemoHost           *self);

G_END_DECLS
