# The .almtp that the force-style harness's mtp/extrapolation test loads: MLIP-3's neighbourhood-mode selection
# (`mlp select --site_en_weight=1`) over the harness's own configuration, read from its LAMMPS data file.
#   cmake -D MLP=... -D DATA=data.mtp -D POT=NaKCl.mtp -D OUT=<folder> -P force_style_state.cmake
execute_process(COMMAND ${MLP} convert-cfg ${DATA} ${OUT}/harness.cfg --input-format=lammps-datafile
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mlp convert-cfg ${DATA} failed (${rc})")
endif()
execute_process(COMMAND ${MLP} select ${POT} ${OUT}/harness.cfg --save_to=${OUT}/NaKCl.almtp --site_en_weight=1
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mlp select ${POT} failed (${rc})")
endif()
