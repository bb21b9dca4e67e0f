"""The head unit: API client, ordering session, vehicle state and safety, Kivy view, shell.

Only the view modules (`car_ui.views`, `car_ui.app`) import Kivy; everything else runs headless.
"""
