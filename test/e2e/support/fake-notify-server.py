#!/usr/bin/python3
"""A fake org.freedesktop.Notifications daemon on a private D-Bus session bus.

Headless Chromium shows notifications through it when DBUS_SESSION_BUS_ADDRESS is set
(testing-in-chromium.md section 3). It prints one JSON line per call on stdout, and has two
test-only methods: TestClick(id, key) emits ActionInvoked (a trusted notificationclick in the
service worker; key "default" is the body, "0", "1"... the action buttons) and TestDismiss(id)
emits NotificationClosed(id, 2). Signals must come from the name owner, hence methods.
"""
import json

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def out(**kw):
    print(json.dumps(kw), flush=True)


class Notifications(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.next_id = 1

    @dbus.service.method(IFACE, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body", "body-markup", "icon-static", "persistence"]

    @dbus.service.method(IFACE, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("fake-notify", "nudge-tests", "1.0", "1.2")

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        nid = int(replaces) or self.next_id
        if not replaces:
            self.next_id += 1
        out(call="Notify", id=nid, summary=str(summary), body=str(body), actions=[str(a) for a in actions])
        return nid

    @dbus.service.method(IFACE, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        out(call="CloseNotification", id=int(nid))

    @dbus.service.signal(IFACE, signature="us")
    def ActionInvoked(self, nid, key):
        pass

    @dbus.service.signal(IFACE, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass

    @dbus.service.method(IFACE, in_signature="us", out_signature="")
    def TestClick(self, nid, key):
        self.ActionInvoked(nid, key)

    @dbus.service.method(IFACE, in_signature="u", out_signature="")
    def TestDismiss(self, nid):
        self.NotificationClosed(nid, 2)


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName(IFACE, bus)
Notifications(bus)
out(ready=True)
GLib.MainLoop().run()
