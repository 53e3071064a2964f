# The state files of the force-style YAMLs, made from the committed mlearn Cu potential and its test sample:
# maml_fitted.almtp (MLIP-3's neighbourhood-mode selection, `mlp select --site_en_weight=1`) for
# `mtp/extrapolation` and `mlip load_from=`, and state.als (MLIP-2's, `mlp calc-grade`, configuration mode)
# for `mlip mlip.ini`. Run in the harness's working folder.
#   cmake -D MLP=... -D POT=maml_fitted.mtp -D TRAIN=test_sample.cfg -D OUT=<folder> -P force_style_state.cmake
execute_process(COMMAND ${MLP} select ${POT} ${TRAIN} --save_to=${OUT}/maml_fitted.almtp --site_en_weight=1
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mlp select ${POT} ${TRAIN} failed (${rc})")
endif()
execute_process(COMMAND ${MLP} calc-grade ${POT} ${TRAIN} ${TRAIN} ${OUT}/graded.cfg WORKING_DIRECTORY ${OUT}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT EXISTS ${OUT}/state.als)
  message(FATAL_ERROR "mlp calc-grade ${POT} ${TRAIN} failed (${rc}) or wrote no state.als in ${OUT}")
endif()
