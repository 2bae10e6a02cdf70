"""vocheck's plugin manager finds in a module exactly the hooks pluggy's own manager finds there."""

from __future__ import annotations

import importlib
import types

import pluggy
import pytest

from vocheck import hookimpl, hookspecs
from vocheck.host import BUILTIN_PLUGINS, _PluginManager


def _module_with_every_kind_of_entry() -> types.ModuleType:
    module = types.ModuleType("vocheck_test_entries")
    exec(
        "import os\n"
        "from vocheck import hookimpl\n"
        "CONSTANT = 3\n"
        "class Helper:\n"
        "    vocheck_impl = {'looks': 'like a marker on a class'}\n"
        "def not_a_hook():\n"
        "    return []\n"
        "@hookimpl\n"
        "def vocheck_checks():\n"
        "    return []\n"
        "@hookimpl(specname='vocheck_formats')\n"
        "def my_formats():\n"
        "    return {}\n"
        "bound = Helper().__init__\n"
        "wrapped = staticmethod(not_a_hook)\n",
        module.__dict__,
    )
    return module


def _hooks(manager: pluggy.PluginManager, plugin: object) -> list[tuple[str, str]]:
    manager.add_hookspecs(hookspecs)
    manager.register(plugin, name="plugin")
    return sorted(
        (caller.name, implementation.function.__name__)
        for caller in manager.hook.__dict__.values()
        if isinstance(caller, pluggy.HookCaller)
        for implementation in caller.get_hookimpls()
    )


@pytest.mark.parametrize("name", [name for name in BUILTIN_PLUGINS] + ["every kind of entry"])
def test_the_same_hooks_are_found_as_by_pluggy(name: str) -> None:
    plugin = _module_with_every_kind_of_entry() if name == "every kind of entry" else importlib.import_module(name)
    found = _hooks(_PluginManager("vocheck"), plugin)
    assert found == _hooks(pluggy.PluginManager("vocheck"), plugin)
    assert found  # every one of these modules implements some hook
    if name == "every kind of entry":
        assert found == [("vocheck_checks", "vocheck_checks"), ("vocheck_formats", "my_formats")]


def test_a_class_plugin_is_left_to_pluggy() -> None:
    class Plugin:
        @hookimpl
        def vocheck_checks(self) -> list[object]:
            return []

    assert _hooks(_PluginManager("vocheck"), Plugin()) == [("vocheck_checks", "vocheck_checks")]


def test_a_hook_a_module_answers_through_its_getattr_is_found_as_pluggy_finds_it() -> None:
    module = types.ModuleType("vocheck_test_lazy")
    exec(
        "from vocheck import hookimpl\n"
        "@hookimpl(specname='vocheck_checks')\n"
        "def _checks():\n"
        "    return []\n"
        "def __getattr__(name):\n"
        "    if name == 'late_checks':\n"
        "        return _checks\n"
        "    raise AttributeError(name)\n"
        "def __dir__():\n"
        "    return ['late_checks']\n",
        module.__dict__,
    )
    # pluggy 1.6 finds it through getattr(), 1.7 looks only at the namespace and does not: vocheck's
    # manager finds what the installed pluggy finds.
    assert _hooks(_PluginManager("vocheck"), module) == _hooks(pluggy.PluginManager("vocheck"), module)
